using BenchmarkDotNet.Attributes;
using OnionGroove.Age;
using OnionGroove.Age.Recipients;

namespace OnionGroove.Benchmarks;

/// <summary>age payload throughput on 100 MB in memory (X25519 recipient), and the scrypt work
/// factor age uses by default (2^18). Compare with the age CLI numbers in docs/benchmarks.md.
/// Run: dotnet run -c Release --project bench/OnionGroove.Benchmarks -- --filter '*AgeBenchmarks*'</summary>
[MemoryDiagnoser]
public class AgeBenchmarks
{
    private const int Size = 100_000_000;
    private byte[] _plaintext = null!;
    private byte[] _ciphertext = null!;
    private byte[] _armored = null!;
    private X25519Identity _identity = null!;

    [GlobalSetup]
    public void Setup()
    {
        _plaintext = new byte[Size];
        new Random(42).NextBytes(_plaintext);
        _identity = X25519Identity.Generate();
        _ciphertext = AgeEncryptor.EncryptBytes(_plaintext, [_identity.Recipient]);
        _armored = AgeEncryptor.EncryptBytes(_plaintext.AsSpan(0, Size / 10), [_identity.Recipient], armor: true);
    }

    [Benchmark(Description = "encrypt 100 MB")]
    public void Encrypt() =>
        AgeEncryptor.Encrypt(new MemoryStream(_plaintext, writable: false), Stream.Null, [_identity.Recipient]);

    [Benchmark(Description = "decrypt 100 MB")]
    public void Decrypt() =>
        AgeDecryptor.Decrypt(new MemoryStream(_ciphertext, writable: false), Stream.Null, [_identity]);

    [Benchmark(Description = "decrypt 10 MB armored")]
    public void DecryptArmored() =>
        AgeDecryptor.Decrypt(new MemoryStream(_armored, writable: false), Stream.Null, [_identity]);

    [Benchmark(Description = "scrypt stanza, work factor 2^18")]
    public IReadOnlyList<Stanza> ScryptWrap() => new ScryptRecipient("benchmark passphrase", 18).Wrap(new byte[16]);
}
