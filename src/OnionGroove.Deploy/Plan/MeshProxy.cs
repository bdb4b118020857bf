namespace OnionGroove.Deploy.Plan;

/// <summary>The ssh options that reach a host over the team's mesh: ProxyCommand `oniongroove
/// mesh connect [--dir NODE] HOST %p` (a stream through the admin's tor to the host's mesh onion,
/// docs/mesh.md), and the host key recorded under <c>HOST.mesh</c> (there is no IP to check, and
/// the name stays the same if the host's onion changes).</summary>
public static class MeshProxy
{
    public const string DefaultCommand = "oniongroove";

    /// <summary>Null when the settings can be put on ssh's command line, else why not.</summary>
    public static string? Check(MeshSettings? mesh)
    {
        if (mesh is null) return null;
        foreach (var (what, value) in new[] { ("command", mesh.Command), ("node", mesh.Node) })
            if (value is not null && (value.Length == 0 || value.Any(c => char.IsControl(c) || c is '"' or '\'' or '\\' or '%')))
                return $"{what} '{value}' must be non-empty, without quotes, backslashes, '%' or control characters";
        return null;
    }

    /// <summary>The value of <c>ansible_ssh_common_args</c> for host <paramref name="host"/>.</summary>
    public static string Command(MeshSettings? mesh, string host)
    {
        var command = mesh?.Command ?? DefaultCommand;
        var node = mesh?.Node is { } dir ? $" --dir {dir}" : "";
        // ssh runs ProxyCommand with the user's shell; the quotes keep it one -o value for Ansible's split.
        return $"-o ProxyCommand=\"{command} mesh connect{node} {host} %p\" -o HostKeyAlias={host}.mesh -o CheckHostIP=no";
    }
}
