using BenchmarkDotNet.Attributes;
using OnionGroove.Crypto;
using OnionGroove.Crypto.Keys;

namespace OnionGroove.Benchmarks;

/// <summary>Onion-key operations on the descriptor-building path (crypto core).
/// Run: dotnet run -c Release --project bench/OnionGroove.Benchmarks -- --filter '*KeyBenchmarks*'</summary>
[MemoryDiagnoser]
public class KeyBenchmarks
{
    private readonly byte[] _expanded = Convert.FromHexString(
        "d8c7ff0e31295b66540d789af3e3df992038a9592eea01d8b7cba06d6e66d1594d6167696320576f7264733a20737065697373636f62616c742062697669756d");
    private readonly byte[] _message = new byte[200];
    private readonly TimePeriod _period = new(20000);
    private IdentitySecretKey _key = null!;
    private BlindedKeypair _blinded = null!;
    private byte[] _publicKey = null!;
    private byte[] _signature = null!;
    private string _address = "";
    private readonly byte[] _x25519Secret = Convert.FromHexString("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a");
    private DescriptorSigningKeypair _signing = null!;
    private ReadOnlyMemory<byte>[] _certBodies = null!;
    private readonly byte[] _certSignatures = new byte[12 * 64];

    [GlobalSetup]
    public void Setup()
    {
        _key = IdentitySecretKey.FromExpanded(_expanded);
        _blinded = _key.Blind(_period);
        _publicKey = _key.PublicKey.AsSpan().ToArray();
        _signature = _key.Sign(_message);
        _address = _key.Address.ToString();
        _signing = DescriptorSigningKeypair.FromSeed(new byte[32]);
        // 12 bodies of an intro-point certificate's size (a descriptor with 6 intro points signs 12).
        _certBodies = Enumerable.Range(0, 12).Select(i => new ReadOnlyMemory<byte>(Enumerable.Repeat((byte)i, 76).ToArray())).ToArray();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _blinded.Dispose();
        _key.Dispose();
        _signing.Dispose();
    }

    /// <summary>Secret key → public key: one fixed-base scalar multiplication.</summary>
    [Benchmark]
    public IdentityPublicKey PublicKeyFromExpanded()
    {
        using var k = IdentitySecretKey.FromExpanded(_expanded);
        return k.PublicKey;
    }

    [Benchmark]
    public byte[] SignWithIdentityKey() => _key.Sign(_message);

    [Benchmark]
    public byte[] SignWithBlindedKey() => _blinded.Sign(_message);

    [Benchmark]
    public BlindedPublicKey BlindPublicKey() => _key.PublicKey.Blind(_period);

    [Benchmark]
    public BlindedPublicKey BlindSecretKey()
    {
        using var b = _key.Blind(_period);
        return b.PublicKey;
    }

    [Benchmark]
    public Subcredential Subcredential() => _key.PublicKey.Subcredential(_period);

    /// <summary>X25519 public key from a secret (Edwards base-point table, u = (Z+Y)/(Z−Y)).</summary>
    [Benchmark]
    public X25519PublicKey X25519PublicKeyFromSecret()
    {
        using var k = X25519SecretKey.FromBytes(_x25519Secret);
        return k.PublicKey;
    }

    /// <summary>A descriptor's 12 intro-point certificate signatures, one call each.</summary>
    [Benchmark]
    public byte[] SignTwelveCertsOneByOne()
    {
        for (var i = 0; i < 12; i++) _signing.Sign(_certBodies[i].Span, _certSignatures.AsSpan(64 * i, 64));
        return _certSignatures;
    }

    /// <summary>The same 12 signatures in one batch (one shared field inversion).</summary>
    [Benchmark]
    public byte[] SignTwelveCertsBatched()
    {
        _signing.SignMany(_certBodies, _certSignatures);
        return _certSignatures;
    }

    [Benchmark]
    public bool Verify() => Ed25519.Verify(_publicKey, _message, _signature);

    /// <summary>Includes point decoding and the prime-order-subgroup check.</summary>
    [Benchmark]
    public OnionAddress ParseAddress() => OnionAddress.Parse(_address);
}
