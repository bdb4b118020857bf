using System.Text.RegularExpressions;

namespace OnionGroove.Deploy.Plan;

/// <summary>Host, site and environment names become file and folder names, so they keep to a safe alphabet.</summary>
public static partial class Names
{
    [GeneratedRegex("^[a-z0-9][a-z0-9_-]{0,62}$")]
    private static partial Regex Pattern();

    public static bool IsValid(string? name) => name is not null && Pattern().IsMatch(name);

    public const string Rule = "use lowercase letters, digits, '-' and '_' (at most 63, starting with a letter or digit)";
}
