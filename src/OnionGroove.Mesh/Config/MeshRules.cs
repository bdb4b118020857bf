using OnionGroove.Core;

namespace OnionGroove.Mesh.Config;

/// <summary>What each <see cref="AnonymityMode"/> allows (issue 14 item 2), checked on every load
/// and every edit.</summary>
public static class MeshRules
{
    public static IEnumerable<Problem> Check(AnonymityMode mode, MeshTorSettings tor, IReadOnlyList<MeshExport> exports,
        IReadOnlyList<MeshRemote> remotes, IReadOnlyList<MeshImport> imports)
    {
        // tor applies client authorisation to a whole onion service, not to single ports.
        if (exports.Any(e => e.Public) && exports.Any(e => !e.Public))
            yield return new Problem("public and client-authorised exports cannot share the node's onion (tor's client authorisation covers the whole service): make every export public or none");
        if (mode == AnonymityMode.TorOnly)
        {
            // tor-only: the agent's own connections go to tor's control and SOCKS ports on this
            // host only, and a service is handed only to a process on this host.
            foreach (var e in exports.Where(e => !e.Target.IsLoopback))
                yield return new Problem($"export {e.Port}: target {e.Target} is not on this host; tor-only nodes forward only to loopback targets", e.Line);
            if (tor.Control is { } c && Control.Transport.ControlEndpoint.Parse(c).TryGet(out var ep, out _)
                && ep.Tcp is { } tcp && !System.Net.IPAddress.IsLoopback(tcp.Address))
                yield return new Problem($"tor.control {c} is not on this host; tor-only nodes talk to a local tor only");
        }
        else
        {
            // tor refuses to be a client in non-anonymous mode (it requires SocksPort 0).
            if (remotes.Count > 0 || imports.Count > 0)
                yield return new Problem("a single-hop node cannot have remotes or imports: tor in non-anonymous mode is not a client (SocksPort 0)");
        }
    }
}
