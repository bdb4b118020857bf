using OnionGroove.Age;

namespace OnionGroove.Vault.Sealing;

/// <summary>
/// Finds the identities to decrypt with. Explicit files (<c>--identity</c>, repeatable) are
/// used alone when given. Otherwise every one of these that exists is tried, in order:
/// the file named by <c>$OG_IDENTITY</c>, <c>~/.ssh/id_ed25519</c>,
/// <c>~/.config/oniongroove/identity.txt</c> (an age identity file, as written by age-keygen).
/// </summary>
public static class IdentityLookup
{
    public const string EnvVariable = "OG_IDENTITY";

    /// <summary>The candidate files in lookup order, whether or not they exist.</summary>
    public static IReadOnlyList<string> DefaultCandidates(string? envValue, string home)
    {
        var list = new List<string>();
        if (!string.IsNullOrEmpty(envValue)) list.Add(envValue);
        list.Add(Path.Combine(home, ".ssh", "id_ed25519"));
        list.Add(Path.Combine(home, ".config", "oniongroove", "identity.txt"));
        return list;
    }

    /// <summary>
    /// Loads identities. An explicit file (or $OG_IDENTITY) that is missing or unusable is an
    /// error; a default that is missing is skipped, and one that cannot be used is skipped with
    /// a note in <paramref name="notes"/>.
    /// </summary>
    /// <param name="passphrase">Asked for the passphrase of an encrypted SSH key (given its path)
    /// when it is first needed; null when nobody can be asked.</param>
    public static IReadOnlyList<VaultIdentity> Load(IReadOnlyList<string> explicitFiles, string? envValue, string home, List<string> notes,
        Func<string, string>? passphrase = null)
    {
        var result = new List<VaultIdentity>();
        if (explicitFiles.Count > 0)
        {
            foreach (var f in explicitFiles)
            {
                if (!File.Exists(f)) throw new VaultException(VaultErrorKind.Usage, $"identity file {f} does not exist");
                var loaded = LoadFile(f, passphrase);
                if (loaded.Error is not null) throw new VaultException(VaultErrorKind.BadInput, $"identity file {f}: {loaded.Error}");
                result.AddRange(loaded.Identities);
            }
            return result;
        }
        var envFile = string.IsNullOrEmpty(envValue) ? null : envValue;
        if (envFile is not null && !File.Exists(envFile))
            throw new VaultException(VaultErrorKind.Usage, $"{EnvVariable} names {envFile}, which does not exist");
        foreach (var f in DefaultCandidates(envValue, home))
        {
            if (!File.Exists(f)) continue;
            var loaded = LoadFile(f, passphrase);
            if (loaded.Error is null) result.AddRange(loaded.Identities);
            else if (f == envFile) throw new VaultException(VaultErrorKind.BadInput, $"identity file {f}: {loaded.Error}");
            else notes.Add($"skipped {f}: {loaded.Error}");
        }
        return result;
    }

    private sealed record Loaded(IReadOnlyList<VaultIdentity> Identities, string? Error);

    private static Loaded LoadFile(string path, Func<string, string>? passphrase)
    {
        try
        {
            var ids = IdentityFile.Parse(File.ReadAllText(path), passphrase is null ? null : () => passphrase(path));
            return new Loaded(ids.Select(i => new VaultIdentity(i, path)).ToList(), null);
        }
        catch (AgeException e)
        {
            return new Loaded([], e.Message);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or ArgumentException
                                      or System.Security.Cryptography.CryptographicException)
        {
            return new Loaded([], e.Message);
        }
    }
}
