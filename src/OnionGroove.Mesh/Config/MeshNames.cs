namespace OnionGroove.Mesh.Config;

/// <summary>Names of clients and remotes: they become file names (remotes/NAME.auth_private), ssh
/// Host aliases and tor's ClientName, so only lowercase letters, digits, '-' and '_' (1-32, starting
/// with a letter or digit).</summary>
public static class MeshNames
{
    public const int MaxLength = 32;

    public static string? Check(string name, string what)
    {
        if (name.Length is 0 or > MaxLength) return $"{what} name must be 1-{MaxLength} characters";
        if (!char.IsAsciiLetterLower(name[0]) && !char.IsAsciiDigit(name[0])) return $"{what} name '{Printable(name)}' must start with a lowercase letter or digit";
        foreach (var c in name)
            if (!(char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '-' or '_'))
                return $"{what} name '{Printable(name)}' may hold only lowercase letters, digits, '-' and '_'";
        return null;
    }

    private static string Printable(string s) => new(s.Select(c => char.IsControl(c) ? '?' : c).Take(40).ToArray());
}
