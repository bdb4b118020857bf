using OnionGroove.Crypto;
using OnionGroove.TestSupport;
using OnionGroove.Crypto.Keys;
using OnionGroove.Crypto.Files;
using static OnionGroove.Cli.Tests.VaultCliKit;

namespace OnionGroove.Cli.Tests;

/// <summary>
/// A teammate's commit can put anything in a vault clone where a secret should be. Each hostile
/// kind is planted as news/frontend.age and every command that reads it runs as a real process
/// under a deadline: each must fail at once with a clear message (a symlink to /dev/zero used to
/// end in "Out of memory" after 20 s; a FIFO used to hang for ever).
/// </summary>
public sealed class HostileFileTests : IDisposable
{
    private static readonly TimeSpan Quick = TimeSpan.FromSeconds(20);

    private readonly CliVault _v = new("og-hostile", "alice", ("news", 1));

    public void Dispose() => _v.Dispose();

    public static TheoryData<string> Kinds => ["symlink-to-dev-zero", "fifo", "dangling-symlink", "oversized", "directory-symlink", "symlink-to-other-secret"];

    /// <summary>Replaces the committed frontend.age by <paramref name="kind"/> (in the working tree, as a checkout would).</summary>
    private void Plant(string kind)
    {
        var secret = Path.Combine(_v.Path, "secrets", "news", "frontend.age");
        var backend = Path.Combine(_v.Path, "secrets", "news", "backends", "b1.age");
        File.Delete(secret);
        switch (kind)
        {
            case "symlink-to-dev-zero": File.CreateSymbolicLink(secret, "/dev/zero"); break;
            case "fifo": OgProcess.MkFifo(secret); break;
            case "dangling-symlink": File.CreateSymbolicLink(secret, Path.Combine(_v.Path, "nowhere.age")); break;
            case "oversized":
                using (var f = File.Create(secret)) f.SetLength(5 << 20);
                break;
            case "directory-symlink":
                // The site's whole folder is a symlink to a copy elsewhere (reads would leave the vault).
                var elsewhere = _v.Tmp["elsewhere"];
                Directory.Move(Path.Combine(_v.Path, "secrets", "news"), elsewhere);
                File.Copy(backend.Replace(Path.Combine(_v.Path, "secrets", "news"), elsewhere), Path.Combine(elsewhere, "frontend.age"));
                Directory.CreateSymbolicLink(Path.Combine(_v.Path, "secrets", "news"), elsewhere);
                break;
            case "symlink-to-other-secret": File.CreateSymbolicLink(secret, "backends/b1.age"); break;
        }
    }

    private static string Reason(string kind) => kind switch
    {
        "fifo" => "FIFO",
        "oversized" => "more than the 1 MiB",
        _ => "symbolic link",
    };

    private static void Refused(ExternalProgram.Result r, string what, string kind)
    {
        Assert.True(r.ExitCode == ExitCodes.BadInput, $"{what}: exit {r.ExitCode}: {r.Stderr}{r.Stdout}");
        Assert.StartsWith("oniongroove: ", r.Stderr);
        Assert.Contains("news/frontend", r.Stderr);
        Assert.DoesNotContain("Out of memory", r.Stderr);
        Assert.DoesNotContain("   at ", r.Stderr);
        Assert.Contains(Reason(kind), r.Stderr);
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Every_reader_refuses_it_quickly(string kind)
    {
        Plant(kind);
        Refused(OgProcess.Run(Quick, "render", "key", "news/frontend", "-C", _v.Path, "-i", _v.Member.File), "render key", kind);
        Refused(OgProcess.Run(Quick, "export", "news", "--out", _v.Tmp["export"], "-C", _v.Path, "-i", _v.Member.File), "export", kind);
        Assert.False(Directory.Exists(_v.Tmp["export"]));
        Refused(OgProcess.Run(Quick, "render", "--files", _v.Tmp["tree"], "-C", _v.Path, "-i", _v.Member.File, "--inventories", _v.Tmp["inv"]), "render --files", kind);
        var bob = TestKey.Age(_v.Tmp.Path, "bob");
        Refused(OgProcess.Run(Quick, "team", "add", "bob", bob.Recipient, "-C", _v.Path, "-i", _v.Member.File), "team add", kind);
        Assert.DoesNotContain("bob", File.ReadAllText(Path.Combine(_v.Path, "oniongroove.yaml")));

        var audit = OgProcess.Run(Quick, "audit", "-C", _v.Path, "-i", _v.Member.File);
        Assert.True(audit.ExitCode == ExitCodes.Failure, $"audit: exit {audit.ExitCode}: {audit.Stderr}{audit.Stdout}");
        Assert.Contains("PROBLEM", audit.Stdout);
        Assert.Contains("news/frontend", audit.Stdout);
        Assert.Contains(Reason(kind), audit.Stdout);
        Assert.DoesNotContain("no problems found", audit.Stdout);
    }

    [Fact]
    public void A_symlinked_manifest_is_refused()
    {
        var manifest = Path.Combine(_v.Path, "oniongroove.yaml");
        File.Move(manifest, _v.Tmp["real.yaml"]);
        File.CreateSymbolicLink(manifest, "/dev/zero");
        var r = OgProcess.Run(Quick, "site", "list", "-C", _v.Path);
        Assert.True(r.ExitCode == ExitCodes.BadInput, r.Stderr);
        Assert.Contains("symbolic link", r.Stderr);
    }

    [Theory]
    [InlineData("fifo")]
    [InlineData("dev-zero")]
    [InlineData("directory")]
    public void Key_paths_that_are_not_regular_files_are_refused_quickly(string kind)
    {
        var dir = _v.Tmp["hs"];
        Directory.CreateDirectory(dir);
        var key = Path.Combine(dir, TorKeyFiles.SecretKeyFileName);
        switch (kind)
        {
            case "fifo": OgProcess.MkFifo(key); break;
            case "dev-zero": File.CreateSymbolicLink(key, "/dev/zero"); break;
            case "directory": Directory.CreateDirectory(key); break;
        }
        var import = OgProcess.Run(Quick, "site", "import", "old", "--hidden-service-dir", dir, "-C", _v.Path);
        Assert.True(import.ExitCode == ExitCodes.BadInput, $"site import: exit {import.ExitCode}: {import.Stderr}");
        var pem = OgProcess.Run(Quick, "site", "import", "old", "--onionbalance-key", key, "-C", _v.Path);
        Assert.True(pem.ExitCode == ExitCodes.BadInput, $"site import --onionbalance-key: exit {pem.ExitCode}: {pem.Stderr}");
        if (kind != "directory") Assert.Contains("not a regular file", pem.Stderr);

        using var backend = IdentitySecretKey.Generate();
        var config = _v.Tmp["config.yaml"];
        File.WriteAllText(config, $"services:\n- key: {key}\n  instances:\n  - address: {backend.Address}\n");
        var check = OgProcess.Run(Quick, "balancer", "check", "--config", config);
        Assert.True(check.ExitCode == ExitCodes.BadInput, $"balancer check: exit {check.ExitCode}: {check.Stderr}");
        var run = OgProcess.Run(Quick, "balancer", "run", "--config", config);
        Assert.True(run.ExitCode == ExitCodes.BadInput, $"balancer run: exit {run.ExitCode}: {run.Stderr}");
    }
}
