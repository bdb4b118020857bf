using OnionGroove.Crypto;
using OnionGroove.Crypto.Vanity;
using OnionGroove.Vault.Manifest;
using OnionGroove.Vault.Sealing;
using OnionGroove.Vault.Secrets;

namespace OnionGroove.Vault.Operations;

/// <summary>
/// The vault's side of a split-key vanity search (docs/vanity.md): <c>site add NAME --split-key</c>
/// seals a random frontend key like any other and marks the site as waiting; its address (the
/// public key, all the searching machine needs) goes to <c>keygen --from</c> anywhere; the
/// offset that search prints comes back here, and <see cref="ApplyOffset"/> turns the sealed key
/// into the found one. The secret key is decrypted only in this process, and only after the
/// offset has been shown (from public values alone) to give the wanted address.
/// </summary>
public static class SplitKeyOperations
{
    /// <summary>
    /// Replaces the waiting site's frontend key a by a + k (k = <paramref name="offsetText"/>), one
    /// commit. Refuses, changing nothing, unless the site is waiting for an offset, the new
    /// address starts with <paramref name="prefixText"/> and equals <paramref name="expectText"/> when given.
/// <paramref name="identities"/> is asked for only once those checks have passed.
    /// </summary>
    public static SiteEntry ApplyOffset(TeamVault vault, string name, string prefixText, string offsetText, string? expectText, Func<IReadOnlyList<VaultIdentity>> identities)
    {
        if (!VanityPrefix.Parse(prefixText).TryGet(out var prefix, out var prefixProblem))
            throw new VaultException(VaultErrorKind.Usage, $"--prefix {prefixText}: {prefixProblem.Message}");
        if (!VanityOffset.Parse(offsetText).TryGet(out var offset, out var offsetProblem))
            throw new VaultException(VaultErrorKind.BadInput, $"--offset: {offsetProblem.Message}",
                "copy the offset from the same line of `keygen --from` output as the address");
        OnionAddress? expected = null;
        if (expectText is not null)
        {
            if (!OnionAddress.TryParse(expectText.Trim(), out var parsed, out var addressError))
                throw new VaultException(VaultErrorKind.BadInput, $"--expect {expectText}: {addressError}");
            expected = parsed;
        }

        return vault.Exclusive(() =>
        {
            var site = vault.RequireSite(name);
            if (site.SplitKeyPending != true)
                throw new VaultException(VaultErrorKind.Usage,
                    $"site '{name}' ({site.Address}) is not waiting for a split-key offset; its key stays as it is",
                    "an offset applies to a site made with `oniongroove site add NAME --split-key`, once");
            if (!OnionAddress.TryParse(site.Address, out var baseAddress, out var manifestError))
                throw new VaultException(VaultErrorKind.BadInput, $"site '{name}': the manifest's address {site.Address} is invalid: {manifestError}");

            // First from public values only: the key the offset promises, before any secret is opened.
            var promised = offset.PublicKeyFor(baseAddress.PublicKey).Address;
            if (!prefix.Matches(promised.PublicKey.AsSpan()))
                throw new VaultException(VaultErrorKind.BadInput,
                    $"refusing: the offset applied to the key of site '{name}' ({baseAddress}) gives {promised}, which does not start with '{prefix.Text}'; nothing changed",
                    $"the offset fits only the public key the search was given: run `oniongroove keygen --from {baseAddress} --prefix {prefix.Text}`",
                    "or the offset was mistyped: copy it from the search's output");
            if (expected is { } wanted && wanted != promised)
                throw new VaultException(VaultErrorKind.BadInput,
                    $"refusing: the offset applied to the key of site '{name}' ({baseAddress}) gives {promised}, not the expected {wanted}; nothing changed",
                    "copy the offset and the address from the same line of the search's output");
            if (vault.Manifest.Sites.FirstOrDefault(s => string.Equals(s.Address, promised.ToString(), StringComparison.OrdinalIgnoreCase)) is { } dup)
                throw new VaultException(VaultErrorKind.Usage, $"{promised} is already in the vault as site '{dup.Name}'");

            // DecryptFrontendKey checks the sealed key is the one of the recorded address.
            using var baseKey = vault.DecryptFrontendKey(name, identities());
            using var derived = offset.ApplyTo(baseKey);
            if (derived.Address != promised)
                throw new VaultException(VaultErrorKind.Failure, $"internal error: the derived key of site '{name}' is {derived.Address}, not {promised}; nothing changed");

            var manifest = vault.CopyManifest();
            var entry = manifest.FindSite(name)!;
            entry.Address = promised.ToString();
            entry.SplitKeyPending = null;
            var change = new VaultChange(manifest, $"site add {name} --offset: {baseAddress} + offset = {promised} (prefix {prefix.Text})");
            change.Seal(entry.Frontend, derived, manifest.Team);
            vault.Apply(change);
            return entry;
        });
    }
}
