using OnionGroove.Age;
using OnionGroove.Vault.Manifest;

namespace OnionGroove.Vault.Sealing;

/// <summary>age encryption of vault secrets to team members, and decryption with typed errors.</summary>
public static class SecretSealer
{
    /// <summary>Encrypts to every given member (binary age format, so the age CLI reads it).</summary>
    public static byte[] Seal(ReadOnlySpan<byte> plaintext, IReadOnlyList<TeamMember> members)
    {
        if (members.Count == 0)
            throw new VaultException(VaultErrorKind.Usage, "the team is empty: nobody could read this secret",
                "add yourself first: oniongroove team add NAME RECIPIENT");
        var recipients = members.Select(RecipientCheck.Require).ToList();
        try
        {
            return AgeEncryptor.EncryptBytes(plaintext, recipients);
        }
        catch (Exception e) when (e is AgeException or System.Security.Cryptography.CryptographicException)
        {
            // Nothing has been written yet; report it as one line rather than a stack trace.
            throw new VaultException(VaultErrorKind.Failure, $"age encryption to {string.Join(", ", members.Select(m => m.Name))} failed: {e.Message}");
        }
    }

    /// <summary>
    /// Decrypts a secret's file. The caller zeroes the returned buffer. Failures name the secret
    /// and, when no identity fits, the members it is sealed to.
    /// </summary>
    public static byte[] Open(byte[] ciphertext, IReadOnlyList<VaultIdentity> identities, string label, IReadOnlyList<string> sealedTo)
    {
        var sealedNames = sealedTo.Count == 0 ? "nobody" : string.Join(", ", sealedTo);
        if (identities.Count == 0)
            throw new VaultException(VaultErrorKind.NoIdentity, $"no identity to decrypt {label} (sealed to: {sealedNames})",
                "pass --identity FILE or set OG_IDENTITY to an age identity file or an ssh-ed25519 private key");
        try
        {
            return AgeDecryptor.DecryptBytes(ciphertext, identities.Select(i => i.Identity).ToList());
        }
        catch (AgeNoIdentityMatchedException)
        {
            var tried = string.Join(", ", identities.Select(i => i.Source).Distinct());
            throw new VaultException(VaultErrorKind.NoIdentity,
                $"none of your identities can decrypt {label}; it is sealed to: {sealedNames}",
                $"identities tried: {tried}",
                "ask a member listed above to add you: oniongroove team add NAME RECIPIENT");
        }
        catch (AgeException e) when (e.Kind == AgeFailureKind.InvalidKey)
        {
            // The identity, not the file, is at fault (e.g. an SSH key whose passphrase is missing or wrong).
            throw new VaultException(VaultErrorKind.NoIdentity, $"cannot use your identity to decrypt {label}: {e.Message}",
                "for a passphrase-protected SSH key run interactively, or pass an age identity with --identity");
        }
        catch (AgeException e)
        {
            throw Damaged(label, Describe(e.Kind), e.Message);
        }
        catch (Exception e) when (e is System.Security.Cryptography.CryptographicException or InvalidDataException or EndOfStreamException or FormatException or ArgumentException)
        {
            // Malformed input must end as a clear error, whatever layer noticed it first.
            throw Damaged(label, "malformed", e.Message);
        }
    }

    private static VaultException Damaged(string label, string what, string detail) => new(VaultErrorKind.BadInput,
        $"{label} is damaged or was tampered with ({what}): {detail}",
        "restore it from git history (`git log -- FILE`, `git checkout COMMIT -- FILE`) or from another clone");

    private static string Describe(AgeFailureKind kind) => kind switch
    {
        AgeFailureKind.Header => "bad header",
        AgeFailureKind.HeaderMac => "header MAC mismatch",
        AgeFailureKind.Payload => "payload truncated or corrupted",
        AgeFailureKind.Armor => "bad armor",
        AgeFailureKind.Unsupported => "unsupported",
        _ => kind.ToString(),
    };
}
