using System.Security.Cryptography;
using OnionGroove.Crypto;
using OnionGroove.Descriptors.Certs;
using OnionGroove.Crypto.Keys;

namespace OnionGroove.Descriptors.Offline;

/// <summary>One time period of a signing bundle: the descriptor signing key (its 32-byte RFC 8032 seed,
/// the only secret) and its type-08 certificate signed by the period's blinded key. Zeroed on dispose.</summary>
public sealed class BundlePeriod : IDisposable
{
    private readonly byte[] _seed;

    internal BundlePeriod(TimePeriod period, byte[] seed, Ed25519PublicKey signingKey, TorCert certificate)
    {
        Period = period; _seed = seed; SigningPublicKey = signingKey; Certificate = certificate;
    }

    public TimePeriod Period { get; }

    public Ed25519PublicKey SigningPublicKey { get; }

    /// <summary>The descriptor-signing-key certificate (cert-spec type 08), verified when the bundle was read.</summary>
    public TorCert Certificate { get; }

    /// <summary>From when a service may publish this period's descriptor (<see cref="CertificateWindow.UseFrom"/>).</summary>
    public DateTimeOffset ValidFrom => CertificateWindow.UseFrom(Period);

    public DateTimeOffset Expires => Certificate.Expires;

    internal ReadOnlySpan<byte> Seed => _seed;

    /// <summary>A keypair to sign this period's descriptors with; the caller disposes it.</summary>
    public DescriptorSigningKeypair CreateSigningKey() => DescriptorSigningKeypair.FromSeed(_seed);

    public void Dispose() => CryptographicOperations.ZeroMemory(_seed);

    public override string ToString() => $"bundle period {Period.Number} (signing key {SigningPublicKey}, expires {Expires:u})";
}
