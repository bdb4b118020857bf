using System.Diagnostics;
using System.Text;

namespace OnionGroove.Vault.Git;

/// <summary>
/// Runs the user's <c>git</c> program in a working tree. Going through the real CLI (not a
/// library) means the user's SSH transport, credential helpers and signing settings apply.
/// </summary>
public sealed class GitCli(string workTree)
{
    public string WorkTree { get; } = Path.GetFullPath(workTree);

    private IReadOnlyDictionary<string, string>? _author;

    /// <summary>True when git knows no author here and commits are made as <see cref="GitAuthor.FallbackName"/>.</summary>
    public bool UsesFallbackAuthor => (_author ??= GitAuthor.Missing(this)).Count > 0;

    /// <summary>Runs git; a non-zero exit is reported in the result, not thrown.</summary>
    public GitResult Run(params string[] args) => RunWithInput(null, args);

    public GitResult RunWithInput(byte[]? stdin, params string[] args)
    {
        var (code, stdout, stderr) = Start(stdin, args);
        return new GitResult(code, Encoding.UTF8.GetString(stdout), stderr, args);
    }

    /// <summary>Runs git and returns raw stdout bytes (object contents are binary).</summary>
    public (int ExitCode, byte[] Stdout, string Stderr) RunBinary(byte[]? stdin, params string[] args) => Start(stdin, args);

    /// <summary>Runs git and throws <see cref="VaultException"/> (External) when it fails.</summary>
    public string Check(params string[] args)
    {
        var r = Run(args);
        if (r.ExitCode != 0) throw r.ToException();
        return r.Stdout;
    }

    private (int, byte[], string) Start(byte[]? stdin, string[] args)
    {
        var psi = new ProcessStartInfo("git")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Directory.Exists(WorkTree) ? WorkTree : Directory.GetCurrentDirectory(),
        };
        psi.ArgumentList.Add("-C");
        psi.ArgumentList.Add(WorkTree);
        foreach (var a in args) psi.ArgumentList.Add(a);
        // Messages we parse (conflicts, "no tracking information") must be in English.
        psi.Environment["LC_ALL"] = "C";
        if (GitAuthor.MakesCommits(args))
            foreach (var (k, v) in _author ??= GitAuthor.Missing(this)) psi.Environment[k] = v;
        Process p;
        try
        {
            p = Process.Start(psi) ?? throw new VaultException(VaultErrorKind.External, "cannot start git");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new VaultException(VaultErrorKind.External, $"cannot run git: {e.Message}", "install git and make sure it is on PATH");
        }
        using (p)
        {
            var outTask = Task.Run(() => { using var ms = new MemoryStream(); p.StandardOutput.BaseStream.CopyTo(ms); return ms.ToArray(); });
            var errTask = p.StandardError.ReadToEndAsync();
            if (stdin is not null)
            {
                try { p.StandardInput.BaseStream.Write(stdin); } catch (IOException) { /* git exited early; its stderr says why */ }
            }
            p.StandardInput.Close();
            p.WaitForExit();
            return (p.ExitCode, outTask.Result, errTask.Result);
        }
    }
}

public sealed record GitResult(int ExitCode, string Stdout, string Stderr, string[] Args)
{
    public bool Ok => ExitCode == 0;

    public VaultException ToException() => new(VaultErrorKind.External,
        $"git {string.Join(' ', Args)} failed (exit {ExitCode}): {Summarize(Stderr)}");

    private static string Summarize(string stderr)
    {
        var lines = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return lines.Length == 0 ? "no message" : string.Join(" / ", lines.Take(4));
    }
}
