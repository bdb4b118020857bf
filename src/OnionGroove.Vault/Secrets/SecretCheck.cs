using System.Text;
using OnionGroove.Crypto;
using OnionGroove.Vault.Manifest;
using OnionGroove.Crypto.Keys;
using OnionGroove.Crypto.Files;

namespace OnionGroove.Vault.Secrets;

/// <summary>
/// What a decrypted secret must be, whoever reads it (deployment, export, re-sealing, audit):
/// an onion key is tor's 96-byte key file holding the key of the address the manifest records;
/// a client key is one .auth_private line for this site whose public half the manifest records.
/// Anything else (a swapped file, garbage, another site's key) is refused, so re-sealing can
/// never launder it under the team's new signatures.
/// </summary>
public static class SecretCheck
{
    /// <summary>A sealed secret file is a few hundred bytes per member; this bound only stops
    /// hostile files (a 5 MB "secret", a device) from being read or decrypted.</summary>
    public const int MaxSealedBytes = 1 << 20;

    /// <summary>Null when <paramref name="plain"/> is a valid secret for <paramref name="entry"/>, else why not.</summary>
    public static string? Problem(SecretEntry entry, ReadOnlySpan<byte> plain) => entry.Kind switch
    {
        SecretKind.ClientAuth => ClientProblem(entry, plain),
        SecretKind.MeshClient => MeshClientCheck.Problem(entry, plain),
        _ => IdentityKeyProblem(entry, plain),
    };

    /// <summary>The address the manifest records for a frontend or backend secret.</summary>
    public static string ExpectedAddress(SecretEntry e) => e.Kind switch
    {
        SecretKind.Frontend => e.Site.Address,
        SecretKind.Backend => e.Site.FindBackend(e.Name)?.Address ?? "",
        _ => e.Site.Address,
    };

    private static string? IdentityKeyProblem(SecretEntry entry, ReadOnlySpan<byte> plain)
    {
        var parsed = TorKeyFiles.ParseSecretKey(plain);
        if (!parsed.IsSuccess) return $"the decrypted secret is not a usable tor secret key file: {parsed.Error.Message}";
        using var key = parsed.Value;
        var expected = ExpectedAddress(entry);
        return string.Equals(key.Address.ToString(), expected, StringComparison.OrdinalIgnoreCase) ? null
            : $"it holds the key of {key.Address}, but the manifest says {expected}";
    }

    private static string? ClientProblem(SecretEntry entry, ReadOnlySpan<byte> plain)
    {
        // An .auth_private line is about 120 characters; anything far larger is not one.
        if (plain.Length > 1024) return $"{plain.Length} bytes is not a tor .auth_private line";
        var text = Encoding.ASCII.GetString(plain);
        if (!ClientAuthSecretKey.TryParseAuthPrivateLine(text, out var service, out var key, out var error))
            return $"not a tor .auth_private line: {error}";
        using (key)
        {
            if (!string.Equals(service.ToString(), entry.Site.Address, StringComparison.OrdinalIgnoreCase))
                return $"it is a client key for {service}, but the site's address is {entry.Site.Address}";
            var client = entry.Site.Clients.Find(c => c.Name == entry.Name);
            var recorded = client?.PublicKey ?? "";
            // Read the recorded key as render does, so audit, re-seal and render agree on one form.
            if (!ClientAuthPublicKey.TryParseLineOrBase32(recorded, out var expected, out _) || !key.PublicKey.Equals(expected))
                return $"its public key is {key.PublicKey.ToAuthFileLine()}, but the manifest records {recorded}";
        }
        return null;
    }
}
