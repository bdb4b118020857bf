using OnionGroove.Mesh.Config;

namespace OnionGroove.Mesh.Node;

/// <summary>An ssh_config(5) stanza for a remote: ssh connects through this node's tor with
/// `oniongroove mesh connect` as ProxyCommand, so nothing else (torsocks, nc) is needed.</summary>
public static class SshConfigStanza
{
    /// <param name="command">How to run oniongroove (the installed binary's path).</param>
    public static string Render(MeshRemote remote, string nodeDirectory, string command, string? user = null, int port = 22)
    {
        var lines = new List<string>
        {
            $"# oniongroove mesh remote {remote.Name}: ssh {remote.Name}.mesh",
            $"Host {remote.Name}.mesh",
            $"    HostName {remote.Address}",
            $"    Port {port}",
        };
        if (user is not null) lines.Add($"    User {user}");
        lines.Add($"    ProxyCommand {command} mesh connect --dir {ShellWord(nodeDirectory)} {remote.Name} %p");
        // The .onion name is what ssh records in known_hosts; there is no IP to check.
        lines.Add("    CheckHostIP no");
        lines.Add("    ServerAliveInterval 30");
        return string.Join('\n', lines) + "\n";
    }

    /// <summary>Quoted for the shell ssh runs ProxyCommand with when it holds anything unusual.</summary>
    internal static string ShellWord(string s) =>
        s.Length > 0 && s.All(c => char.IsAsciiLetterOrDigit(c) || c is '/' or '.' or '-' or '_' or '+' or ',' or ':' or '@')
            ? s : "'" + s.Replace("'", "'\\''") + "'";
}
