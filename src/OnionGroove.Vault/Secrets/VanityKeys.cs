using OnionGroove.Crypto;
using OnionGroove.Crypto.Vanity;
using OnionGroove.Crypto.Keys;

namespace OnionGroove.Vault.Secrets;

/// <summary>Adapter to the vanity address search for <c>site add --prefix</c>.</summary>
internal static class VanityKeys
{
    public static IdentitySecretKey Find(string prefix, CancellationToken ct)
    {
        if (!VanityPrefix.Parse(prefix).TryGet(out var parsed, out var problem))
            throw new VaultException(VaultErrorKind.Usage, $"--prefix {prefix}: {problem.Message}");
        if (parsed.IsInfeasible)
            throw new VaultException(VaultErrorKind.Usage,
                $"--prefix {prefix} is too long to find (more than {VanityPrefix.FeasibleLength} characters)");
        var result = VanitySearch.Run(new VanityOptions { Prefixes = [parsed], Count = 1 }, cancellationToken: ct);
        if (result.Matches.Count == 0)
        {
            ct.ThrowIfCancellationRequested();
            throw new VaultException(VaultErrorKind.Failure, $"the search for prefix '{prefix}' ended without a match");
        }
        // Keep the first match; any others (a search may overshoot) are disposed.
        foreach (var extra in result.Matches.Skip(1)) extra.Key.Dispose();
        return result.Matches[0].Key;
    }
}
