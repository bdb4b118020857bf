using System.Security.Cryptography;

namespace OnionGroove.Crypto.Keys;

/// <summary>An onion service's identity secret key (rend-spec-v3 §1.9 KS_hs_id) in tor's
/// expanded form (what hs_ed25519_secret_key holds). Zeroed on dispose; never printed.</summary>
public sealed class IdentitySecretKey : Ed25519Keypair<IdentityPublicKey>
{
    private IdentitySecretKey(ExpandedSecret secret) : base(secret) { }

    public static IdentitySecretKey FromSeed(ReadOnlySpan<byte> seed32) => new(ExpandedSecret.FromSeed(seed32));

    /// <summary>From tor's 64-byte expanded key (scalar ‖ prefix). Keys from a vanity search
    /// exist only in this form.</summary>
    public static IdentitySecretKey FromExpanded(ReadOnlySpan<byte> expanded64) => new(ExpandedSecret.FromExpanded(expanded64));

    public static IdentitySecretKey Generate() => new(ExpandedSecret.Generate());

    public OnionAddress Address => PublicKey.Address;

    /// <summary>The blinded keypair for <paramref name="period"/> (rend-spec-v3 A.2).</summary>
    public BlindedKeypair Blind(TimePeriod period) => KeyBlinding.BlindSecret(Secret, PublicKey, period);

    /// <summary>Copies the 64-byte expanded secret out, for writing key files. The caller owns
    /// zeroing the destination.</summary>
    public void ExportExpanded(Span<byte> destination) => Secret.CopyTo(destination);

    /// <summary>Constant-time comparison of two secrets.</summary>
    public bool SecretEquals(IdentitySecretKey other) => CryptographicOperations.FixedTimeEquals(Secret.Expanded, other.Secret.Expanded);

    public override string ToString() => $"IdentitySecretKey({PublicKey.Address})";
}
