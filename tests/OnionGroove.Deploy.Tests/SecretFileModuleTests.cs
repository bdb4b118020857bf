using System.Security.Cryptography;
using OnionGroove.TestSupport;

namespace OnionGroove.Deploy.Tests;

/// <summary>The oniongroove_secret_file module run by the real ansible against this machine.</summary>
public sealed class SecretFileModuleTests
{
    private static ExternalProgram.Result Module(string dest, byte[] content, string mode = "0600") =>
        Ansible.Run("ansible", ["localhost", "-c", "local", "-m", "oniongroove_secret_file", "-a",
            $"dest={dest} content_b64={Convert.ToBase64String(content)} owner=root group=root mode={mode}"], TimeSpan.FromMinutes(2));

    [Fact]
    public void Writes_bytes_exactly_reports_change_only_when_needed_and_never_echoes_the_secret()
    {
        Assert.True(Environment.UserName == "root", "this test writes files owned by root and must run as root (CI does)");
        using var tmp = new TempDir("og-mod");
        var dest = tmp["key"];
        // Not valid UTF-8: copy's content= would mangle these bytes.
        var secret = new byte[96];
        RandomNumberGenerator.Fill(secret);
        secret[0] = 0xff; secret[1] = 0xfe; secret[2] = 0xc0; secret[3] = 0x00;

        var first = Module(dest, secret);
        Assert.True(first.ExitCode == 0, first.Stdout + first.Stderr);
        Assert.Contains("CHANGED", first.Stdout);
        Assert.Equal(secret, File.ReadAllBytes(dest));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(dest));
        Assert.DoesNotContain(Convert.ToBase64String(secret), first.Stdout + first.Stderr);

        var second = Module(dest, secret);
        Assert.True(second.ExitCode == 0, second.Stdout + second.Stderr);
        Assert.Contains("SUCCESS", second.Stdout);
        Assert.DoesNotContain("CHANGED", second.Stdout);

        File.SetUnixFileMode(dest, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead);
        var third = Module(dest, secret);
        Assert.Contains("CHANGED", third.Stdout);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(dest));
        Assert.Empty(Directory.GetFiles(tmp.Path, ".og-*"));
    }

    [Fact]
    public void Bad_base64_fails_without_writing_or_showing_the_value()
    {
        using var tmp = new TempDir("og-mod");
        var dest = tmp["key"];
        var r = Ansible.Run("ansible", ["localhost", "-c", "local", "-m", "oniongroove_secret_file", "-a",
            $"dest={dest} content_b64=not*base64*SECRETISH owner=root group=root"], TimeSpan.FromMinutes(2));
        Assert.NotEqual(0, r.ExitCode);
        Assert.Contains("not valid base64", r.Stdout + r.Stderr);
        Assert.DoesNotContain("SECRETISH", r.Stdout + r.Stderr);
        Assert.False(File.Exists(dest));
    }
}
