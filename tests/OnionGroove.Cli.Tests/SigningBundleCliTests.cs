using System.Text;
using OnionGroove.Crypto;
using OnionGroove.Descriptors.Offline;
using OnionGroove.TestSupport;
using OnionGroove.Vault;
using OnionGroove.Vault.Sealing;

namespace OnionGroove.Cli.Tests;

/// <summary>`site certify` on a vault made by the CLI, then `bundle inspect` (issue #12, docs/offline-keys.md).</summary>
public sealed class SigningBundleCliTests : IDisposable
{
    private readonly CliVault _v = new("og-bundle", "admin", ("news", 1));

    public void Dispose() => _v.Dispose();

    private string Address => VaultCliKit.Data(VaultCliKit.Ok("site", "show", "news", "--json", "-C", _v.Path)).GetProperty("address").GetString()!;

    private CliRunner.Result Certify(string file, params string[] more) =>
        CliRunner.Run(["site", "certify", "news", "--out", file, "-C", _v.Path, "-i", _v.Member.File, .. more]);

    [Fact]
    public void Certify_writes_a_0600_bundle_that_inspect_shows_without_secrets()
    {
        var file = _v.Tmp["news.bundle"];
        var (first, count) = SigningBundleIssuer.Span(DateTimeOffset.UtcNow, TimeSpan.FromDays(3), 1440, 720);
        var made = Certify(file, "--days", "3");
        Assert.True(made.ExitCode == 0, made.Stderr);
        Assert.Contains($"{count} periods", made.Stdout);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));

        var data = VaultCliKit.Data(VaultCliKit.Ok("bundle", "inspect", file, "--json"));
        Assert.Equal(Address, data.GetProperty("address").GetString());
        Assert.Equal(count, data.GetProperty("periods_count").GetInt32());
        Assert.Equal(first.Number, data.GetProperty("first_period").GetInt64());
        Assert.Equal(first.Number + count - 1, data.GetProperty("last_period").GetInt64());
        var days = data.GetProperty("remaining_days").GetDouble();
        // The last period ends 3 to 5 days away depending on the time of day (rend-spec-v3 §2.2.4.2).
        var coversUntil = data.GetProperty("covers_until").GetDateTimeOffset();
        Assert.Equal((first with { Number = first.Number + count - 1 }).End, coversUntil);
        Assert.InRange(days, 3.0, 5.0);
        Assert.InRange(days, (coversUntil - DateTimeOffset.UtcNow).TotalDays - 0.02, (coversUntil - DateTimeOffset.UtcNow).TotalDays + 0.02);
        Assert.Equal(System.Text.Json.JsonValueKind.Null, data.GetProperty("problem").ValueKind);
        foreach (var p in data.GetProperty("periods").EnumerateArray())
            Assert.Equal(p.GetProperty("end").GetDateTimeOffset().AddHours(24), p.GetProperty("cert_expires").GetDateTimeOffset());

        var text = VaultCliKit.Ok("bundle", "inspect", file);
        Assert.Contains(Address, text.Stdout);
        Assert.Contains("days left", text.Stdout);
        var seeds = File.ReadAllLines(file).Where(l => l.StartsWith("signing-key-seed ", StringComparison.Ordinal)).Select(l => l[17..]).ToList();
        Assert.Equal(count, seeds.Count);
        foreach (var s in seeds)
        {
            Assert.DoesNotContain(s, text.Stdout);
            Assert.DoesNotContain(s, VaultCliKit.Ok("bundle", "inspect", file, "--json").Stdout);
            Assert.DoesNotContain(s, made.Stdout + made.Stderr);
        }
    }

    [Fact]
    public void The_bundle_holds_neither_the_identity_secret_nor_any_blinded_secret()
    {
        var file = _v.Tmp["news.bundle"];
        VaultCliKit.Ok("site", "certify", "news", "--out", file, "-C", _v.Path, "-i", _v.Member.File);
        var bytes = File.ReadAllBytes(file);
        var text = Encoding.ASCII.GetString(bytes);
        var parsed = SigningBundleFormat.Parse(bytes);
        Assert.True(parsed.IsSuccess, parsed.Error?.ToString());
        using var bundle = parsed.Value;
        Assert.Equal(SigningBundleIssuer.Span(DateTimeOffset.UtcNow, TimeSpan.FromDays(30), 1440, 720).Count, bundle.Periods.Count); // default --days 30

        var ids = IdentityLookup.Load([_v.Member.File], null, _v.Tmp["nohome"], [], null);
        using var identity = TeamVault.Open(_v.Path).DecryptFrontendKey("news", ids);
        Assert.Equal(bundle.Identity, identity.PublicKey);
        var secrets = new List<byte[]>();
        var expanded = new byte[64];
        identity.ExportExpanded(expanded);
        secrets.Add(expanded[..32]); secrets.Add(expanded[32..]);
        foreach (var p in bundle.Periods)
        {
            using var blinded = identity.Blind(p.Period);
            var b = new byte[64];
            blinded.ExportExpanded(b);
            secrets.Add(b[..32]); secrets.Add(b[32..]);
            Assert.True(p.Certificate.VerifySignature(blinded.PublicKey.AsSpan()));
        }
        Assert.Equal(2 + 2 * bundle.Periods.Count, secrets.Count);
        foreach (var s in secrets)
        {
            Assert.True(bytes.AsSpan().IndexOf(s) < 0, "a secret appears raw in the bundle");
            for (var shift = 0; shift < 3; shift++) Assert.DoesNotContain(Convert.ToBase64String(s[shift..])[4..^4], text);
            Assert.DoesNotContain(Convert.ToHexString(s), text, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public void Existing_files_the_vault_folder_and_bad_options_are_refused()
    {
        var file = _v.Tmp["news.bundle"];
        VaultCliKit.Ok("site", "certify", "news", "--out", file, "--days", "1", "-C", _v.Path, "-i", _v.Member.File);
        var before = File.ReadAllBytes(file);
        var again = Certify(file, "--days", "1");
        Assert.Equal(6, again.ExitCode);
        Assert.Contains("--force", again.Stderr);
        Assert.Equal(before, File.ReadAllBytes(file));
        Assert.Equal(0, Certify(file, "--days", "1", "--force").ExitCode);
        Assert.NotEqual(before, File.ReadAllBytes(file)); // fresh signing keys

        var inside = Certify(Path.Combine(_v.Path, "news.bundle"));
        Assert.Equal(2, inside.ExitCode);
        Assert.Contains("inside the vault", inside.Stderr);
        Assert.False(File.Exists(Path.Combine(_v.Path, "news.bundle")));
        // The same folder reached through a symlink outside it is still the vault.
        var link = _v.Tmp["vault-link"];
        Directory.CreateSymbolicLink(link, _v.Path);
        var viaLink = Certify(Path.Combine(link, "news.bundle"));
        Assert.Equal(2, viaLink.ExitCode);
        Assert.Contains("inside the vault", viaLink.Stderr);
        Assert.False(File.Exists(Path.Combine(_v.Path, "news.bundle")));

        Assert.Equal(2, Certify(_v.Tmp["x.bundle"], "--days", "0").ExitCode);
        Assert.Equal(2, Certify(_v.Tmp["x.bundle"], "--period-length", "10", "--rotation-offset", "11").ExitCode);
        Assert.Equal(2, CliRunner.Run("site", "certify", "nosuch", "--out", _v.Tmp["x.bundle"], "-C", _v.Path, "-i", _v.Member.File).ExitCode);
        var stranger = TestKey.Age(_v.Tmp.Path, "stranger");
        var denied = CliRunner.Run("site", "certify", "news", "--out", _v.Tmp["x.bundle"], "-C", _v.Path, "-i", stranger.File);
        Assert.Equal(4, denied.ExitCode);
        Assert.False(File.Exists(_v.Tmp["x.bundle"]));
    }

    [Fact]
    public void Inspect_exits_3_on_a_tampered_truncated_or_foreign_file()
    {
        var file = _v.Tmp["news.bundle"];
        VaultCliKit.Ok("site", "certify", "news", "--out", file, "--days", "2", "-C", _v.Path, "-i", _v.Member.File);
        var lines = File.ReadAllLines(file);
        var i = Array.FindIndex(lines, l => l.StartsWith("signing-key-cert ", StringComparison.Ordinal));
        var cert = Convert.FromBase64String(lines[i][17..]);
        cert[^1] ^= 0x40;
        lines[i] = "signing-key-cert " + Convert.ToBase64String(cert);
        File.WriteAllText(_v.Tmp["tampered"], string.Join('\n', lines) + "\n");
        var tampered = CliRunner.Run("bundle", "inspect", _v.Tmp["tampered"]);
        Assert.Equal(3, tampered.ExitCode);
        Assert.StartsWith($"oniongroove: {_v.Tmp["tampered"]}: invalid signing bundle, line {i + 1}: period ", tampered.Stderr);
        Assert.Contains("signature does not verify", tampered.Stderr);

        File.WriteAllBytes(_v.Tmp["short"], File.ReadAllBytes(file)[..300]);
        var shortRun = CliRunner.Run("bundle", "inspect", _v.Tmp["short"], "--json");
        Assert.Equal(3, shortRun.ExitCode);
        Assert.Equal("", shortRun.Stdout);
        Assert.Equal(3, CliRunner.Run("bundle", "inspect", "/dev/zero").ExitCode);
        Assert.Equal(3, CliRunner.Run("bundle", "inspect", _v.Tmp["missing"]).ExitCode);
        Assert.Equal(3, CliRunner.Run("bundle", "inspect", _v.Member.File).ExitCode);
    }
}
