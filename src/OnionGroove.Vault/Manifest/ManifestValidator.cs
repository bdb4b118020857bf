using System.Text.RegularExpressions;

namespace OnionGroove.Vault.Manifest;

/// <summary>Content rules a manifest must satisfy beyond YAML syntax.</summary>
public static partial class ManifestValidator
{
    /// <summary>Names become file names under secrets/, so they are kept to a safe alphabet.</summary>
    [GeneratedRegex("^[a-z0-9][a-z0-9_-]{0,62}$")]
    private static partial Regex NamePattern();

    public static bool IsValidName(string? name) => name is not null && NamePattern().IsMatch(name);

    public const string NameRule = "names use lowercase letters, digits, '-' and '_' (at most 63, starting with a letter or digit)";

    /// <summary>The first problem found, or null when the manifest is consistent.</summary>
    public static string? Validate(VaultManifest m)
    {
        if (m.Version != VaultManifest.CurrentVersion)
            return $"manifest version {m.Version} is not supported (this oniongroove reads version {VaultManifest.CurrentVersion})";
        var seen = new HashSet<string>();
        foreach (var member in m.Team)
        {
            if (member is null) return "a team entry is empty";
            if (!IsValidName(member.Name)) return $"team member name '{member.Name}' is invalid: {NameRule}";
            if (!seen.Add(member.Name)) return $"team member '{member.Name}' is listed twice";
            if (string.IsNullOrWhiteSpace(member.Recipient)) return $"team member '{member.Name}' has no recipient";
        }
        var sites = new HashSet<string>();
        var paths = new HashSet<string>();
        foreach (var site in m.Sites)
        {
            if (!IsValidName(site.Name)) return $"site name '{site.Name}' is invalid: {NameRule}";
            if (!sites.Add(site.Name)) return $"site '{site.Name}' is listed twice";
            if (string.IsNullOrWhiteSpace(site.Address)) return $"site '{site.Name}' has no address";
            if (CheckSecret(site.Frontend, $"site '{site.Name}' frontend", paths) is { } f) return f;
            var backends = new HashSet<string>();
            foreach (var b in site.Backends)
            {
                if (b is null) return $"site '{site.Name}' has an empty backend entry";
                if (!IsValidName(b.Name)) return $"backend name '{b.Name}' in site '{site.Name}' is invalid: {NameRule}";
                if (!backends.Add(b.Name)) return $"backend '{b.Name}' is listed twice in site '{site.Name}'";
                if (string.IsNullOrWhiteSpace(b.Address)) return $"backend '{site.Name}/{b.Name}' has no address";
                if (CheckSecret(b.Secret, $"backend '{site.Name}/{b.Name}'", paths) is { } e) return e;
            }
            var clients = new HashSet<string>();
            foreach (var c in site.Clients)
            {
                if (c is null) return $"site '{site.Name}' has an empty client entry";
                if (!IsValidName(c.Name)) return $"client name '{c.Name}' in site '{site.Name}' is invalid: {NameRule}";
                if (!clients.Add(c.Name)) return $"client '{c.Name}' is listed twice in site '{site.Name}'";
                if (CheckSecret(c.Secret, $"client '{site.Name}/{c.Name}'", paths) is { } e) return e;
            }
        }
        var meshClients = new HashSet<string>();
        foreach (var c in m.MeshClients)
        {
            if (c is null) return "a mesh_clients entry is empty";
            if (!IsValidName(c.Name)) return $"mesh client name '{c.Name}' is invalid: {NameRule}";
            if (!meshClients.Add(c.Name)) return $"mesh client '{c.Name}' is listed twice";
            if (CheckSecret(c.Secret, $"mesh client '{c.Name}'", paths) is { } e) return e;
        }
        var hosts = new HashSet<string>();
        foreach (var h in m.Hosts)
        {
            if (h is null) return "a host entry is empty";
            if (!IsValidName(h.Name)) return $"host name '{h.Name}' is invalid: {NameRule}";
            if (!hosts.Add(h.Name)) return $"host '{h.Name}' is listed twice";
        }
        foreach (var site in m.Sites)
            foreach (var b in site.Backends)
                if (b.Host is not null && !hosts.Contains(b.Host))
                    return $"backend '{site.Name}/{b.Name}' is placed on unknown host '{b.Host}'";
        return null;
    }

    private static string? CheckSecret(SealedSecret s, string what, HashSet<string> paths)
    {
        s.SealedTo ??= [];
        if (!SecretPathIsSafe(s.Path)) return $"{what} has an invalid secret path '{s.Path}' (expected secrets/….age inside the vault)";
        if (!paths.Add(s.Path)) return $"secret path '{s.Path}' is used twice";
        return null;
    }

    /// <summary>Secret paths are relative, under secrets/, end in .age and never climb out of the vault.</summary>
    public static bool SecretPathIsSafe(string? path) =>
        path is not null && path.StartsWith("secrets/", StringComparison.Ordinal) && path.EndsWith(".age", StringComparison.Ordinal)
        && !path.Split('/').Any(p => p is "" or "." or "..") && !path.Contains('\\');
}
