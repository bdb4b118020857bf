using System.Text;
using OnionGroove.Crypto;
using OnionGroove.TestSupport;
using OnionGroove.TestSupport.Fuzz;
using Xunit.Abstractions;
using OnionGroove.Age.Recipients;

namespace OnionGroove.Age.Tests;

/// <summary>Identity and recipients files are typed and pasted by people (issue #10): whatever is in
/// them, parsing succeeds or throws an <see cref="AgeException"/> with a message (and, for line-based
/// files, the line); no other exception escapes.</summary>
public class IdentityFuzzTests(ITestOutputHelper output)
{
    [Fact]
    public void An_ssh_key_whose_public_key_is_not_a_curve_point_is_an_invalid_key()
    {
        // Before: ArgumentException from EdwardsToMontgomery, exit 134 in `age decrypt -i`.
        using var dir = new TempDir("og-age");
        AgeTool.SshKeygen(dir["id"], "");
        Assert.Throws<ArgumentException>(() => KeyConversion.Ed25519ToX25519Public(SshKeyCraft.NotACurvePoint));
        var crafted = SshKeyCraft.ReplacePublicKey(File.ReadAllText(dir["id"]), SshKeyCraft.NotACurvePoint);

        var e = Assert.Throws<AgeInvalidKeyException>(() => IdentityFile.Parse(crafted));
        Assert.Contains("invalid ed25519 public key", e.Message);
        Assert.DoesNotContain("Parameter", e.Message);
    }

    [Fact]
    public void Mutated_age_identity_files_never_throw_anything_else()
    {
        using var a = X25519Identity.Generate();
        using var b = X25519Identity.Generate();
        var file = $"# created: 2026-01-01T00:00:00Z\n# public key: {a.Recipient}\n{a.ExportSecret()}\n\n# another\n{b.ExportSecret()}\n";
        var report = Fuzzer.Run("age identity files", Fuzzer.Seed(10_09), 4000, [Encoding.UTF8.GetBytes(file)],
            bytes => Outcome(() => IdentityFile.Parse(Mutator.AsText(bytes)), lineBased: true));
        output.WriteLine(report.ToString());
        Assert.True(report.Refused > 0 && report.Accepted > 0, report.ToString());
    }

    [Fact]
    public void Mutated_openssh_private_keys_never_throw_anything_else()
    {
        using var dir = new TempDir("og-age");
        AgeTool.SshKeygen(dir["plain"], "");
        AgeTool.SshKeygen(dir["locked"], "correct horse");
        byte[][] valid = [File.ReadAllBytes(dir["plain"]), File.ReadAllBytes(dir["locked"])];
        // The passphrase is asked only when a stanza needs it, so parsing never runs bcrypt here.
        var report = Fuzzer.Run("openssh private keys", Fuzzer.Seed(10_10), 3000, valid,
            bytes => Outcome(() => IdentityFile.Parse(Mutator.AsText(bytes), () => "correct horse"), lineBased: false));
        output.WriteLine(report.ToString());
        Assert.True(report.Refused > 0 && report.Accepted > 0, report.ToString());
    }

    [Fact]
    public void Mutated_openssh_key_blobs_never_throw_anything_else()
    {
        // Mutations inside the base64, so that the SSH wire parser sees them rather than the decoder.
        using var dir = new TempDir("og-age");
        AgeTool.SshKeygen(dir["plain"], "");
        AgeTool.SshKeygen(dir["locked"], "correct horse");
        byte[][] valid = [SshKeyCraft.Blob(File.ReadAllText(dir["plain"])), SshKeyCraft.Blob(File.ReadAllText(dir["locked"]))];
        var report = Fuzzer.Run("openssh key blobs", Fuzzer.Seed(10_12), 3000, valid,
            bytes => Outcome(() => IdentityFile.Parse(SshKeyCraft.Pem(bytes), () => "correct horse"), lineBased: false));
        output.WriteLine(report.ToString());
        Assert.True(report.Refused > 0 && report.Accepted > 0, report.ToString());
    }

    [Fact]
    public void Mutated_recipients_files_never_throw_anything_else()
    {
        using var dir = new TempDir("og-age");
        AgeTool.SshKeygen(dir["id"], "");
        using var a = X25519Identity.Generate();
        var file = $"# the team\n{a.Recipient}\n{File.ReadAllText(dir["id.pub"]).Trim()}\n\n";
        var report = Fuzzer.Run("age recipients files", Fuzzer.Seed(10_11), 4000, [Encoding.UTF8.GetBytes(file)],
            bytes => Outcome(() => RecipientParser.ParseFile(Mutator.AsText(bytes)), lineBased: true));
        output.WriteLine(report.ToString());
        Assert.True(report.Refused > 0 && report.Accepted > 0, report.ToString());
    }

    private static string? Outcome<T>(Func<IReadOnlyList<T>> parse, bool lineBased)
    {
        try
        {
            foreach (var x in parse()) (x as IDisposable)?.Dispose();
            return null;
        }
        catch (AgeException e)
        {
            // "no identities in the file" concerns the whole file; anything else names its line.
            if (lineBased && !e.Message.StartsWith("no ", StringComparison.Ordinal))
                Assert.Matches("^line [0-9]+: ", e.Message);
            return e.Message;
        }
    }
}
