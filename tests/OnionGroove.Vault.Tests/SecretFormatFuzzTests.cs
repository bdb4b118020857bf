using OnionGroove.Crypto;
using OnionGroove.TestSupport.Fuzz;
using OnionGroove.Vault.Secrets;
using Xunit.Abstractions;
using OnionGroove.Crypto.Keys;
using OnionGroove.Crypto.Files;

namespace OnionGroove.Vault.Tests;

/// <summary>A decrypted secret is whatever a teammate sealed (issue #10): the key format check
/// refuses anything IdentitySecretKey would throw on, so reading a key never throws.</summary>
public class SecretFormatFuzzTests(ITestOutputHelper output)
{
    // What TeamVault.DecryptIdentityKey does with the decrypted bytes.
    private static string? ReadKey(byte[] file)
    {
        var read = TorKeyFiles.ParseSecretKey(file);
        if (!read.IsSuccess) return read.Error.Message;
        using var key = read.Value;
        _ = key.Address;
        return null;
    }

    [Theory]
    [InlineData("0000000000000000000000000000000000000000000000000000000000000000")]
    // l = 2^252 + 27742317777372353535851937790883648493, little-endian: also 0 mod l.
    [InlineData("edd3f55c1a631258d69cf7a2def9de1400000000000000000000000000000010")]
    public void A_secret_scalar_that_is_zero_mod_l_is_refused(string scalarHex)
    {
        var file = TorKeyFiles.FormatSecretKey([.. Convert.FromHexString(scalarHex), .. new byte[32]]);
        var read = TorKeyFiles.ParseSecretKey(file);
        Assert.False(read.IsSuccess);
        Assert.Contains("zero", read.Error.Message);
    }

    [Fact]
    public void Mutated_secret_key_files_never_throw()
    {
        using var key = IdentitySecretKey.Generate();
        var valid = TorKeyFiles.FormatSecretKey(key);
        var report = Fuzzer.Run("vault secret key format", Fuzzer.Seed(10_08), 4000, [valid], ReadKey);
        output.WriteLine(report.ToString());
        Assert.True(report.Refused > 0 && report.Accepted > 0, report.ToString());
    }
}
