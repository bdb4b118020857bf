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

    private readonly CliVault _v = new("og-out", "alice", ("news", 1));

    public PlaintextOutputTests() => Ok("client", "add", "news", "c1", "-C", _v.Path);

    public void Dispose() => _v.Dispose();

    /// <summary>A folder elsewhere, world-readable, that a planted symlink points to.</summary>
    private string Elsewhere()
    {
        var dir = _v.Tmp["elsewhere"];
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
        var output = _v.Tmp["keys"];
        Directory.CreateDirectory(output);
        var elsewhere = Elsewhere();
        Directory.CreateSymbolicLink(Path.Combine(output, planted), elsewhere);
        var r = CliRunner.Run("export", "news", "--out", output, "-C", _v.Path, "-i", _v.Member.File);
        Assert.True(r.ExitCode == ExitCodes.BadInput, r.Stderr);
        Assert.Contains("symbolic link", r.Stderr);
        Untouched(elsewhere);
    }

    [Fact]
    public void Export_and_render_files_refuse_the_vault_however_the_path_is_spelled()
    {
        var link = _v.Tmp["link-to-vault"];
        Directory.CreateSymbolicLink(link, _v.Path);
        foreach (var target in new[] { Path.Combine(_v.Path, "keys"), Path.Combine(link, "keys"), Path.Combine(link, "secrets", "keys") })
        {
            var export = CliRunner.Run("export", "news", "--out", target, "-C", _v.Path, "-i", _v.Member.File);
            Assert.True(export.ExitCode == ExitCodes.Usage, $"export --out {target}: {export.Stderr}");
            Assert.Contains("inside the vault", export.Stderr);
            var files = CliRunner.Run("render", "--files", target, "-C", _v.Path, "-i", _v.Member.File, "--inventories", _v.Tmp["inv"]);
            Assert.True(files.ExitCode == ExitCodes.Usage, $"render --files {target}: {files.Stderr}");
            Assert.Contains("inside the vault", files.Stderr);
        }
        Assert.False(Directory.Exists(Path.Combine(_v.Path, "keys")));
        Assert.False(Directory.Exists(Path.Combine(_v.Path, "secrets", "keys")));
        Assert.Equal("", IsolatedGit.Ok(_v.Path, "status", "--porcelain"));
    }

    [Theory]
    [InlineData("master")]
    [InlineData("news-b1")]
    public void Render_files_never_writes_through_a_symlink_planted_in_the_output(string planted)
    {
        var output = _v.Tmp["tree"];
        Directory.CreateDirectory(output);
        var elsewhere = Elsewhere();
        Directory.CreateSymbolicLink(Path.Combine(output, planted), elsewhere);
        var r = CliRunner.Run("render", "--files", output, "--force", "-C", _v.Path, "-i", _v.Member.File, "--inventories", _v.Tmp["inv"]);
        Assert.NotEqual(0, r.ExitCode);
        Assert.Contains("symbolic link", r.Stderr);
        Untouched(elsewhere);
    }

    [Fact]
    public void Audit_reports_a_duplicate_key_in_the_manifest()
    {
        var mallory = TestKey.Age(_v.Tmp.Path, "mallory");
        var path = Path.Combine(_v.Path, "oniongroove.yaml");
        File.WriteAllText(path, File.ReadAllText(path).Replace($"  recipient: {_v.Member.Recipient}\n", $"  recipient: {_v.Member.Recipient}\n  recipient: {mallory.Recipient}\n"));
        IsolatedGit.Ok(_v.Path, "commit", "-q", "-a", "-m", "a reader sneaks in");
        var r = CliRunner.Run("audit", "--json", "-C", _v.Path, "-i", _v.Member.File);
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
        var outDir = _v.Tmp["age-out"];
        Directory.CreateDirectory(outDir);
        var plain = new byte[4 << 20];
        Random.Shared.NextBytes(plain);
        File.WriteAllBytes(_v.Tmp["plain"], plain);
        Assert.Equal(0, ExternalProgram.Run("age", ["-r", _v.Member.Recipient, "-o", _v.Tmp["cipher.age"], _v.Tmp["plain"]]).ExitCode);
        var cipher = File.ReadAllBytes(_v.Tmp["cipher.age"]);

        // Decrypt: half the ciphertext is in, so plaintext chunks are being written.
        KillMidWrite(outDir, ["age", "decrypt", "-i", _v.Member.File, "-o", Path.Combine(outDir, "secret.txt")], cipher[..(cipher.Length / 2)]);
        Assert.Empty(Directory.EnumerateFileSystemEntries(outDir));
        KillMidWrite(outDir, ["age", "encrypt", "-r", _v.Member.Recipient, "-o", Path.Combine(outDir, "secret.age")], plain[..(plain.Length / 2)]);
        Assert.Empty(Directory.EnumerateFileSystemEntries(outDir));

        // The next runs complete normally, replacing and creating, with nothing left beside the result.
        File.WriteAllText(Path.Combine(outDir, "secret.txt"), "old");
        var r = OgProcess.Run(TimeSpan.FromSeconds(60), "age", "decrypt", "-i", _v.Member.File, "-o", Path.Combine(outDir, "secret.txt"), _v.Tmp["cipher.age"]);
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Equal(plain, File.ReadAllBytes(Path.Combine(outDir, "secret.txt")));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(outDir, "secret.txt")) & ~(UnixFileMode.UserExecute));
        Assert.Equal(["secret.txt"], Directory.EnumerateFileSystemEntries(outDir).Select(Path.GetFileName));
    }
}
