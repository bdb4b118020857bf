using OnionGroove.Crypto;

namespace OnionGroove.Vault.Secrets;

/// <summary>Adapter to the vanity address search (OnionGroove.Crypto.Vanity).</summary>
internal static class VanityKeys
{
    public static IdentitySecretKey Find(string prefix, CancellationToken ct) =>
        throw new VaultException(VaultErrorKind.Usage, "--prefix is not available yet in this build (the vanity search has not landed)");
}
