using OnionGroove.Control.Auth;
using OnionGroove.Control.Launch;
using OnionGroove.Control.Transport;
using OnionGroove.Mesh.Config;
using OnionGroove.Mesh.Node;

namespace OnionGroove.Mesh.Tor;

/// <summary>Where and how the node talks to tor: the configured control port with the balancer's
/// auth forms (password, cookie file, else whatever PROTOCOLINFO offers), or the control socket of
/// the tor the agent launches in the node's tor/ directory.</summary>
public sealed record MeshTorAccess(ControlEndpoint Endpoint, ControlAuth Auth)
{
    /// <summary>The first line of the launched tor's torrc says who wrote it.</summary>
    public const string WrittenBy = "oniongroove mesh agent";

    public static MeshTorAccess For(MeshNode node) => For(node.Config.Tor, node.TorDirectory);

    public static MeshTorAccess For(MeshTorSettings tor, string torDirectory)
    {
        if (tor.Launches) return new(ControlEndpoint.ForUnix(TorSupervisor.ControlSocketIn(torDirectory)), ControlAuth.Auto());
        // The parser has checked the syntax.
        var endpoint = ControlEndpoint.Parse(tor.Control!).Value;
        var auth = tor.ControlPassword is { } pw ? ControlAuth.Password(pw)
            : tor.CookieFile is { } cf ? ControlAuth.SafeCookie(cf)
            : ControlAuth.Auto();
        return new(endpoint, auth);
    }

    /// <summary>The agent's own torrc lines for a tor it launches (after <see cref="TorSupervisor"/>'s
    /// data directory, control socket and log lines).</summary>
    public static List<string> TorrcLines(MeshTorSettings tor, AnonymityMode mode)
    {
        var lines = new List<string>();
        if (mode == AnonymityMode.TorOnly)
            // ExtendedErrors: tor tells a missing or wrong client key apart (SOCKS5 replies 0xF4/0xF5).
            lines.Add("SocksPort 127.0.0.1:auto ExtendedErrors");
        else
        {
            lines.Add("SocksPort 0");
            lines.Add("HiddenServiceSingleHopMode 1");
            lines.Add("HiddenServiceNonAnonymousMode 1");
        }
        lines.AddRange(tor.TorrcLines);
        return lines;
    }
}
