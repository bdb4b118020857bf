using OnionGroove.TestSupport;
using static OnionGroove.Cli.Tests.VaultCliKit;

namespace OnionGroove.Cli.Tests;

/// <summary>
/// Plaintext keys land only where the user asked: never inside the vault (however the path is
/// spelled), never through a symlink planted below the output folder, and never in a temporary
/// file that outlives a killed process.
/// </summary>
public sealed class PlaintextOutputTests : IDisposable
{
    private const UnixFileMode Open755 = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
        | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;

    private readonly TempDir _tmp = new("og-out");
    private readonly string _vault;
    private readonly Key _alice;

    public PlaintextOutputTests()
    {
        _alice = AgeKey(_tmp.Path, "alice");
        _vault = _tmp["vault"];
        Ok("init", _vault, "--name", "alice", "--recipient", _alice.Recipient);
        Ok("site", "add", "news", "--backends", "1", "-C", _vault);
        Ok("client", "add", "news", "c1", "-C", _vault);
    }

    public void Dispose() => _tmp.Dispose();

    /// <summary>A folder elsewhere, world-readable, that a planted symlink points to.</summary>
    private string Elsewhere()
    {
        var dir = _tmp["elsewhere"];
        Directory.CreateDirectory(dir);
        File.SetUnixFileMode(dir, Open755);
        return dir;
    }

    private void Untouched(string elsewhere)
    {
        Assert.Empty(Directory.EnumerateFileSystemEntries(elsewhere));
        Assert.Equal(Open755, File.GetUnixFileMode(elsewhere));
    }

    [Theory]
    [InlineData("frontend")]
    [InlineData("backends")]
    [InlineData("clients")]
    public void Export_never_writes_through_a_symlink_planted_in_the_output(string planted)
    {
        var output = _tmp["keys"];
        Directory.CreateDirectory(output);
        var elsewhere = Elsewhere();
        Directory.CreateSymbolicLink(Path.Combine(output, planted), elsewhere);
        var r = CliRunner.Run("export", "news", "--out", output, "-C", _vault, "-i", _alice.File);
        Assert.True(r.ExitCode == ExitCodes.BadInput, r.Stderr);
        Assert.Contains("symbolic link", r.Stderr);
        Untouched(elsewhere);
    }

    [Fact]
    public void Export_and_render_files_refuse_the_vault_however_the_path_is_spelled()
    {
        var link = _tmp["link-to-vault"];
        Directory.CreateSymbolicLink(link, _vault);
        foreach (var target in new[] { Path.Combine(_vault, "keys"), Path.Combine(link, "keys"), Path.Combine(link, "secrets", "keys") })
        {
            var export = CliRunner.Run("export", "news", "--out", target, "-C", _vault, "-i", _alice.File);
            Assert.True(export.ExitCode == ExitCodes.Usage, $"export --out {target}: {export.Stderr}");
            Assert.Contains("inside the vault", export.Stderr);
            var files = CliRunner.Run("render", "--files", target, "-C", _vault, "-i", _alice.File, "--inventories", _tmp["inv"]);
            Assert.True(files.ExitCode == ExitCodes.Usage, $"render --files {target}: {files.Stderr}");
            Assert.Contains("inside the vault", files.Stderr);
        }
        Assert.False(Directory.Exists(Path.Combine(_vault, "keys")));
        Assert.False(Directory.Exists(Path.Combine(_vault, "secrets", "keys")));
        Assert.Equal("", Git(_vault, "status", "--porcelain"));
    }

    [Theory]
    [InlineData("master")]
    [InlineData("news-b1")]
    public void Render_files_never_writes_through_a_symlink_planted_in_the_output(string planted)
    {
        var output = _tmp["tree"];
        Directory.CreateDirectory(output);
        var elsewhere = Elsewhere();
        Directory.CreateSymbolicLink(Path.Combine(output, planted), elsewhere);
        var r = CliRunner.Run("render", "--files", output, "--force", "-C", _vault, "-i", _alice.File, "--inventories", _tmp["inv"]);
        Assert.NotEqual(0, r.ExitCode);
        Assert.Contains("symbolic link", r.Stderr);
        Untouched(elsewhere);
    }

    [Fact]
    public void Audit_reports_a_duplicate_key_in_the_manifest()
    {
        var mallory = AgeKey(_tmp.Path, "mallory");
        var path = Path.Combine(_vault, "oniongroove.yaml");
        File.WriteAllText(path, File.ReadAllText(path).Replace($"  recipient: {_alice.Recipient}\n", $"  recipient: {_alice.Recipient}\n  recipient: {mallory.Recipient}\n"));
        Git(_vault, "commit", "-q", "-a", "-m", "a reader sneaks in");
        var r = CliRunner.Run("audit", "--json", "-C", _vault, "-i", _alice.File);
        Assert.Equal(ExitCodes.Failure, r.ExitCode);
        var problems = Data(r).GetProperty("problems").EnumerateArray().ToList();
        Assert.Contains(problems, p => p.GetProperty("kind").GetString() == "duplicate-key" && p.GetProperty("message").GetString()!.Contains("'recipient'"));
    }

    /// <summary>Starts `age encrypt|decrypt -o DIR/out` reading stdin, feeds part of the input and
    /// keeps stdin open, waits until the process has its output open, then SIGKILLs it.</summary>
    private static void KillMidWrite(string outDir, string[] args, byte[] partialInput)
    {
        using var p = OgProcess.Start(args, redirectInput: true);
        _ = p.StandardOutput.ReadToEndAsync();
        _ = p.StandardError.ReadToEndAsync();
        p.StandardInput.BaseStream.Write(partialInput);
        p.StandardInput.BaseStream.Flush();
        Eventually.True(() =>
        {
            if (HasOpenFileIn(p.Id, outDir)) return true;
            Assert.False(p.HasExited, "the process ended before it opened its output");
            return false;
        }, "the process to open its output", TimeSpan.FromSeconds(30), every: TimeSpan.FromMilliseconds(20));
        Thread.Sleep(200); // let it write what it has
        p.Kill(); // SIGKILL: no finally block, no cleanup runs
        p.WaitForExit();
    }

    private static bool HasOpenFileIn(int pid, string dir)
    {
        try
        {
            return Directory.EnumerateFileSystemEntries($"/proc/{pid}/fd")
                .Select(fd => { try { return new FileInfo(fd).LinkTarget ?? ""; } catch (IOException) { return ""; } })
                .Any(target => target.StartsWith(dir + "/", StringComparison.Ordinal));
        }
        catch (IOException) { return false; }
        catch (UnauthorizedAccessException) { return false; }
    }

    [Fact]
    public void A_killed_age_decrypt_or_encrypt_leaves_no_temporary_file()
    {
        var outDir = _tmp["age-out"];
        Directory.CreateDirectory(outDir);
        var plain = new byte[4 << 20];
        Random.Shared.NextBytes(plain);
        File.WriteAllBytes(_tmp["plain"], plain);
        Assert.Equal(0, ExternalProgram.Run("age", ["-r", _alice.Recipient, "-o", _tmp["cipher.age"], _tmp["plain"]]).ExitCode);
        var cipher = File.ReadAllBytes(_tmp["cipher.age"]);

        // Decrypt: half the ciphertext is in, so plaintext chunks are being written.
        KillMidWrite(outDir, ["age", "decrypt", "-i", _alice.File, "-o", Path.Combine(outDir, "secret.txt")], cipher[..(cipher.Length / 2)]);
        Assert.Empty(Directory.EnumerateFileSystemEntries(outDir));
        KillMidWrite(outDir, ["age", "encrypt", "-r", _alice.Recipient, "-o", Path.Combine(outDir, "secret.age")], plain[..(plain.Length / 2)]);
        Assert.Empty(Directory.EnumerateFileSystemEntries(outDir));

        // The next runs complete normally, replacing and creating, with nothing left beside the result.
        File.WriteAllText(Path.Combine(outDir, "secret.txt"), "old");
        var r = OgProcess.Run(TimeSpan.FromSeconds(60), "age", "decrypt", "-i", _alice.File, "-o", Path.Combine(outDir, "secret.txt"), _tmp["cipher.age"]);
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Equal(plain, File.ReadAllBytes(Path.Combine(outDir, "secret.txt")));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(outDir, "secret.txt")) & ~(UnixFileMode.UserExecute));
        Assert.Equal(["secret.txt"], Directory.EnumerateFileSystemEntries(outDir).Select(Path.GetFileName));
    }
}
