using System.Net;
using BenchmarkDotNet.Attributes;
using OnionGroove.Crypto;
using OnionGroove.Descriptors;
using OnionGroove.Descriptors.Building;
using OnionGroove.Descriptors.OuterLayer;
using OnionGroove.Descriptors.SecondLayer;
using OnionGroove.Crypto.Keys;

namespace OnionGroove.Benchmarks;

/// <summary>One descriptor with 6 introduction points: build (sign + encrypt) and decode (parse + verify + decrypt).
/// Run: dotnet run -c Release --project bench/OnionGroove.Benchmarks -- --filter '*DescriptorBenchmarks*'</summary>
[MemoryDiagnoser]
public class DescriptorBenchmarks
{
    private IdentitySecretKey _identity = null!;
    private BlindedKeypair _blinded = null!;
    private Subcredential _subcredential = null!;
    private IntroPointSpec[] _intros = null!;
    private TimePeriod _period;
    private byte[] _descriptor = null!;
    private DescriptorBuildOptions _options = null!;
    private OuterLayerDocument _verifiedOuter = null!;

    [GlobalSetup]
    public void Setup()
    {
        var now = new DateTimeOffset(2026, 11, 23, 15, 0, 0, TimeSpan.Zero);
        _period = TimePeriod.FromTime(now);
        _identity = IdentitySecretKey.FromSeed(new byte[32]);
        _blinded = _identity.Blind(_period);
        _subcredential = Subcredential.Derive(_identity.PublicKey, _blinded.PublicKey);
        _intros = Enumerable.Range(0, 6).Select(i =>
        {
            using var onion = X25519SecretKey.Generate();
            using var enc = X25519SecretKey.Generate();
            using var auth = DescriptorSigningKeypair.Generate();
            return IntroPointSpec.Create(
                [new LinkSpecifier.IPv4(IPAddress.Loopback, (ushort)(9000 + i)), new LinkSpecifier.LegacyId(new byte[20]), new LinkSpecifier.Ed25519Id(new byte[32])],
                onion.PublicKey, auth.PublicKey, enc.PublicKey);
        }).ToArray();
        _options = new DescriptorBuildOptions { RevisionCounter = new RevisionCounter(1), Now = now };
        _descriptor = HsDescriptorBuilder.Build(_blinded, _subcredential, _intros, _options).Value.Text;
        _verifiedOuter = OuterLayerDocument.Parse(_descriptor).Value.Verify(_blinded.PublicKey).Value;
    }

    [GlobalCleanup]
    public void Cleanup() { _blinded.Dispose(); _identity.Dispose(); }

    /// <summary>Build + sign + encrypt with an already blinded key (what the balancer does per descriptor).</summary>
    [Benchmark]
    public byte[] BuildSignEncrypt() => HsDescriptorBuilder.Build(_blinded, _subcredential, _intros, _options).Value.Text;

    /// <summary>Parse + verify all signatures (descriptor, signing cert, 12 intro certs) + decrypt both layers.</summary>
    [Benchmark]
    public int ParseVerifyDecrypt() => HsDescriptorDecoder.Decode(_descriptor, _blinded.PublicKey, _subcredential).Value.IntroductionPoints.Count;

    /// <summary>Parse + decrypt without the 12 intro-point certificate signature checks.</summary>
    [Benchmark]
    public int ParseDecryptSkipIntroCerts() => HsDescriptorDecoder.Decode(_descriptor, _blinded.PublicKey, _subcredential,
        checkIntroPointCerts: false).Value.IntroductionPoints.Count;

    /// <summary>Decrypt + parse both layers of an already verified outer document (no signature checks).</summary>
    [Benchmark]
    public int DecryptAndParseLayers() => HsDescriptorDecoder.DecryptLayers(_verifiedOuter, _blinded.PublicKey, _subcredential,
        checkIntroPointCerts: false).Value.IntroductionPoints.Count;

    /// <summary>Outer document parse only (no crypto).</summary>
    [Benchmark]
    public bool ParseOuter() => OuterLayerDocument.Parse(_descriptor).IsSuccess;
}
