using OnionGroove.Crypto;
using OnionGroove.Crypto.Keys;

namespace OnionGroove.Mesh.Config;

/// <summary>How anonymous the node is (Tahoe-LAFS's rule, issue 14 item 2). <see cref="TorOnly"/>
/// (the default): every connection the agent makes goes through tor, and the node's onion service
/// is a normal three-hop service. <see cref="SingleHop"/>: the service runs with tor's
/// HiddenServiceSingleHopMode/HiddenServiceNonAnonymousMode (lower latency, the host's address is
/// known to its introduction and rendezvous relays); tor then refuses to be a client
/// (SocksPort 0), so such a node has no remotes or imports.</summary>
public enum AnonymityMode { TorOnly, SingleHop }

/// <summary>How the agent reaches tor: launch its own (<see cref="Executable"/> set) or attach to
/// a control port with one of the balancer's auth forms (password, cookie file, else auto).</summary>
public sealed record MeshTorSettings(
    string? Executable,
    string? Control,
    string? ControlPassword,
    string? CookieFile,
    IReadOnlyList<string> TorrcLines)
{
    public bool Launches => Executable is not null;
}

/// <summary>A local service published on the node's onion: virtual <paramref name="Port"/> to
/// <paramref name="Target"/>. Client authorisation applies unless <paramref name="Public"/>.</summary>
public sealed record MeshExport(int Port, HostPort Target, bool Public, int Line = 0);

/// <summary>A machine allowed in: its x25519 public key (the secret went into its token only).</summary>
public sealed record MeshClient(string Name, ClientAuthPublicKey Key, int Line = 0);

/// <summary>Another node this one may reach: its address; the client secret key lives in
/// remotes/NAME.auth_private (0600), never in the configuration.</summary>
public sealed record MeshRemote(string Name, OnionAddress Address, int Line = 0);

/// <summary>A local listener forwarding to a remote's exported port through tor.</summary>
public sealed record MeshImport(string Remote, int Port, HostPort Listen, int Line = 0);

/// <summary>The node's mesh.yml.</summary>
public sealed record MeshConfig(
    OnionAddress Address,
    AnonymityMode Anonymity,
    MeshTorSettings Tor,
    IReadOnlyList<MeshExport> Exports,
    IReadOnlyList<MeshClient> Clients,
    IReadOnlyList<MeshRemote> Remotes,
    IReadOnlyList<MeshImport> Imports)
{
    public const int Version = 1;
}
