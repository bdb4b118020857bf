using System.Security.Cryptography;
using OnionGroove.TestSupport;

namespace OnionGroove.Cli.Tests;

/// <summary>`oniongroove age …` through the real command tree, checked against the age CLI.
/// One class, so the tests that set OG_AGE_PASSPHRASE never run concurrently with each other.</summary>
public class AgeCliTests
{
    private static readonly byte[] Plaintext = RandomNumberGenerator.GetBytes(3 * 64 * 1024 + 77);

    private static ExternalProgram.Result Age(params string[] args)
    {
        Assert.True(ExternalProgram.Exists("age"), "the age CLI is required (apt-get install age)");
        return ExternalProgram.Run("age", args);
    }

    [Fact]
    public void Keygen_writes_a_0600_identity_that_age_accepts_and_refuses_to_overwrite()
    {
        using var dir = new TempDir("og-agecli");
        var r = CliRunner.Run("age", "keygen", "-o", dir["key.txt"]);
        Assert.Equal(0, r.ExitCode);
        Assert.Equal("", r.Stdout);
        var publicKey = r.Stderr.Trim().Replace("Public key: ", "");
        Assert.StartsWith("age1", publicKey);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(dir["key.txt"]));
        Assert.Equal(publicKey, ExternalProgram.Run("age-keygen", ["-y", dir["key.txt"]]).Stdout.Trim());
        Assert.Equal(publicKey, CliRunner.Run("age", "keygen", "-y", dir["key.txt"]).Stdout.Trim());

        var before = File.ReadAllText(dir["key.txt"]);
        r = CliRunner.Run("age", "keygen", "-o", dir["key.txt"]);
        Assert.Equal(ExitCodes.Failure, r.ExitCode);
        Assert.Contains("refusing to overwrite", r.Stderr);
        Assert.Equal(before, File.ReadAllText(dir["key.txt"]));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Encrypt_output_is_decrypted_by_age_and_age_output_by_decrypt(bool armor)
    {
        using var dir = new TempDir("og-agecli");
        Assert.Equal(0, ExternalProgram.Run("age-keygen", ["-o", dir["key.txt"]]).ExitCode);
        var recipient = ExternalProgram.Run("age-keygen", ["-y", dir["key.txt"]]).Stdout.Trim();
        File.WriteAllBytes(dir["msg"], Plaintext);

        string[] enc = armor ? ["age", "encrypt", "-a", "-r", recipient, "-o", dir["ours.age"], dir["msg"]]
            : ["age", "encrypt", "-r", recipient, "-o", dir["ours.age"], dir["msg"]];
        var r = CliRunner.Run(enc);
        Assert.True(r.ExitCode == 0, r.Stderr);
        var a = Age("-d", "-i", dir["key.txt"], "-o", dir["by-age"], dir["ours.age"]);
        Assert.True(a.ExitCode == 0, a.Stderr);
        Assert.Equal(Plaintext, File.ReadAllBytes(dir["by-age"]));

        a = armor ? Age("-a", "-r", recipient, "-o", dir["theirs.age"], dir["msg"]) : Age("-r", recipient, "-o", dir["theirs.age"], dir["msg"]);
        Assert.True(a.ExitCode == 0, a.Stderr);
        r = CliRunner.Run("age", "decrypt", "-i", dir["key.txt"], "-o", dir["by-us"], dir["theirs.age"]);
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Equal(Plaintext, File.ReadAllBytes(dir["by-us"]));
    }

    [Fact]
    public void Ssh_keys_work_with_R_and_i()
    {
        using var dir = new TempDir("og-agecli");
        Assert.Equal(0, ExternalProgram.Run("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-f", dir["id"]]).ExitCode);
        File.WriteAllBytes(dir["msg"], Plaintext);
        var r = CliRunner.Run("age", "encrypt", "-R", dir["id.pub"], "-o", dir["msg.age"], dir["msg"]);
        Assert.True(r.ExitCode == 0, r.Stderr);
        var a = Age("-d", "-i", dir["id"], "-o", dir["by-age"], dir["msg.age"]);
        Assert.True(a.ExitCode == 0, a.Stderr);
        Assert.Equal(Plaintext, File.ReadAllBytes(dir["by-age"]));
        r = CliRunner.Run("age", "decrypt", "-i", dir["id"], "-o", dir["by-us"], dir["msg.age"]);
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Equal(Plaintext, File.ReadAllBytes(dir["by-us"]));
        Assert.Equal(File.ReadAllText(dir["id.pub"]).Split(' ')[..2], CliRunner.Run("age", "keygen", "-y", dir["id"]).Stdout.Trim().Split(' '));
    }

    [Fact]
    public void Passphrase_from_the_environment_round_trips_and_age_reads_it_on_a_terminal()
    {
        using var dir = new TempDir("og-agecli");
        File.WriteAllBytes(dir["msg"], Plaintext);
        Environment.SetEnvironmentVariable("OG_AGE_PASSPHRASE", "team vault passphrase");
        try
        {
            var r = CliRunner.Run("age", "encrypt", "-p", "-a", "-o", dir["msg.age"], dir["msg"]);
            Assert.True(r.ExitCode == 0, r.Stderr);
            r = CliRunner.Run("age", "decrypt", "-o", dir["out"], dir["msg.age"]);
            Assert.True(r.ExitCode == 0, r.Stderr);
            Assert.Equal(Plaintext, File.ReadAllBytes(dir["out"]));

            Environment.SetEnvironmentVariable("OG_AGE_PASSPHRASE", "wrong");
            r = CliRunner.Run("age", "decrypt", "-o", dir["out2"], dir["msg.age"]);
            Assert.Equal(ExitCodes.NoIdentity, r.ExitCode);
            Assert.False(File.Exists(dir["out2"]));
        }
        finally
        {
            Environment.SetEnvironmentVariable("OG_AGE_PASSPHRASE", null);
        }
        // age reads passphrases from the terminal only: type it through script(1)'s pty.
        var a = ExternalProgram.Run("script", ["-qec", $"age -d -o '{dir["by-age"]}' '{dir["msg.age"]}'", "/dev/null"], stdin: "team vault passphrase\n");
        Assert.True(a.ExitCode == 0, a.Stdout + a.Stderr);
        Assert.Equal(Plaintext, File.ReadAllBytes(dir["by-age"]));
    }

    [Fact]
    public void Wrong_key_exits_4_and_lists_what_the_file_needs()
    {
        using var dir = new TempDir("og-agecli");
        Assert.Equal(0, CliRunner.Run("age", "keygen", "-o", dir["a.txt"]).ExitCode);
        Assert.Equal(0, CliRunner.Run("age", "keygen", "-o", dir["b.txt"]).ExitCode);
        File.WriteAllBytes(dir["msg"], Plaintext);
        Assert.Equal(ExitCodes.Usage, CliRunner.Run("age", "encrypt", "-R", dir["missing.txt"], "-o", dir["x"], dir["msg"]).ExitCode);
        var recipient = CliRunner.Run("age", "keygen", "-y", dir["a.txt"]).Stdout.Trim();
        Assert.Equal(0, CliRunner.Run("age", "encrypt", "-r", recipient, "-o", dir["msg.age"], dir["msg"]).ExitCode);

        var r = CliRunner.Run("age", "decrypt", "-i", dir["b.txt"], "-o", dir["out"], dir["msg.age"]);
        Assert.Equal(ExitCodes.NoIdentity, r.ExitCode);
        Assert.Contains("oniongroove: ", r.Stderr);
        Assert.Contains("X25519", r.Stderr);
        Assert.False(File.Exists(dir["out"]));
        Assert.Empty(Directory.GetFiles(dir.Path, ".out*"));
    }

    [Fact]
    public void Tampered_last_chunk_exits_3_and_leaves_no_partial_output()
    {
        using var dir = new TempDir("og-agecli");
        Assert.Equal(0, CliRunner.Run("age", "keygen", "-o", dir["key.txt"]).ExitCode);
        var recipient = CliRunner.Run("age", "keygen", "-y", dir["key.txt"]).Stdout.Trim();
        File.WriteAllBytes(dir["msg"], Plaintext);
        Assert.Equal(0, CliRunner.Run("age", "encrypt", "-r", recipient, "-o", dir["msg.age"], dir["msg"]).ExitCode);
        var file = File.ReadAllBytes(dir["msg.age"]);
        file[^5] ^= 0x40; // the last chunk: three chunks verified (and were streamed) before it
        File.WriteAllBytes(dir["msg.age"], file);
        File.WriteAllText(dir["out"], "previous content");

        var r = CliRunner.Run("age", "decrypt", "-i", dir["key.txt"], "-o", dir["out"], dir["msg.age"]);
        Assert.Equal(ExitCodes.BadInput, r.ExitCode);
        Assert.Contains("corrupt or truncated", r.Stderr);
        Assert.Equal("previous content", File.ReadAllText(dir["out"]));
        Assert.Single(Directory.GetFiles(dir.Path, "*out*"));
    }

    [Theory]
    [InlineData("age1notarealkey", ExitCodes.Usage)]
    [InlineData("ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQ== x", ExitCodes.Usage)]
    public void Bad_recipient_is_a_usage_error(string recipient, int code)
    {
        using var dir = new TempDir("og-agecli");
        File.WriteAllBytes(dir["msg"], Plaintext);
        var r = CliRunner.Run("age", "encrypt", "-r", recipient, "-o", dir["msg.age"], dir["msg"]);
        Assert.Equal(code, r.ExitCode);
        Assert.StartsWith("oniongroove: -r ", r.Stderr);
        Assert.False(File.Exists(dir["msg.age"]));
    }

    [Fact]
    public void Post_quantum_identity_is_reported_as_unsupported()
    {
        using var dir = new TempDir("og-agecli");
        // The ML-KEM-768+X25519 identity of the CCTV "hybrid" vector.
        File.WriteAllText(dir["pq.txt"], "AGE-SECRET-KEY-PQ-1HZLGZUPT4ETPKDEV8HSGFDCYZ4E522W0A7PU2LHT8EH9W6YLNC3SW78XKG\n");
        File.WriteAllText(dir["msg.age"], "unused");
        var r = CliRunner.Run("age", "decrypt", "-i", dir["pq.txt"], "-o", dir["out"], dir["msg.age"]);
        Assert.Equal(ExitCodes.BadInput, r.ExitCode);
        Assert.Contains("not supported", r.Stderr);
    }
}
