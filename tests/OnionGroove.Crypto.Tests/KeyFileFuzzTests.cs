using System.Security.Cryptography;
using OnionGroove.Core;
using OnionGroove.TestSupport;
using OnionGroove.TestSupport.Fuzz;
using Xunit.Abstractions;
using OnionGroove.Crypto.Keys;
using OnionGroove.Crypto.Files;

namespace OnionGroove.Crypto.Tests;

/// <summary>Key files come from disk, other tools and teammates (issue #10): every mangled tor key
/// file or Onionbalance PEM is read or refused with a reason, never with an exception.</summary>
public class KeyFileFuzzTests(ITestOutputHelper output)
{
    private static (byte[] Secret, byte[] Public, byte[] Pem) ValidFiles()
    {
        using var key = IdentitySecretKey.Generate();
        var seed = RandomNumberGenerator.GetBytes(32);
        return (TorKeyFiles.FormatSecretKey(key), TorKeyFiles.FormatPublicKey(key.PublicKey),
            System.Text.Encoding.ASCII.GetBytes(OnionbalanceKeyFile.FormatPem(seed)));
    }

    private static string? Outcome<T>(Result<T, Problem> r) where T : class
    {
        if (r.IsSuccess)
        {
            (r.Value as IDisposable)?.Dispose();
            return null;
        }
        return r.Error.ToString();
    }

    [Fact]
    public void Mutated_tor_key_files_never_throw()
    {
        var (secret, pub, _) = ValidFiles();
        var report = Fuzzer.Run("tor key files", Fuzzer.Seed(10_06), 5000, [secret, pub], bytes =>
            bytes.AsSpan().StartsWith("== ed25519v1-public"u8) ? Outcome(TorKeyFiles.ParsePublicKey(bytes)) : Outcome(TorKeyFiles.ParseSecretKey(bytes)));
        output.WriteLine(report.ToString());
        Assert.True(report.Refused > 0 && report.Accepted > 0, report.ToString());
    }

    [Fact]
    public void Mutated_onionbalance_key_files_never_throw()
    {
        // Read from disk as the balancer does: PEM or tor's binary format, told apart by the first bytes.
        using var dir = new TempDir();
        var (secret, _, pem) = ValidFiles();
        var report = Fuzzer.Run("onionbalance key files", Fuzzer.Seed(10_07), 2000, [pem, secret], bytes =>
        {
            File.WriteAllBytes(dir["key"], bytes);
            return Outcome(TorKeyFiles.ReadOnionbalanceKey(dir["key"]));
        });
        output.WriteLine(report.ToString());
        Assert.True(report.Refused > 0 && report.Accepted > 0, report.ToString());
    }
}
