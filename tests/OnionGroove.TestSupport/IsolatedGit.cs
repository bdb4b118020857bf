namespace OnionGroove.TestSupport;

/// <summary>git for tests, isolated from the machine it runs on: no global or system config (so
/// no signing, hooks, default-branch or identity surprises) and always an author.
/// <para>The code under test runs git from the test process, so <see cref="IsolateProcess"/>
/// sets that up for the whole process (each test project that uses git calls it from a module
/// initializer). The git commands a test runs itself (<see cref="Run"/>, <see cref="Ok"/>) also
/// get an empty HOME, so no ~/.config/git ignore or attributes file applies; the process keeps its
/// HOME, which ansible and dotnet need. That HOME is removed when the process exits.</para></summary>
public static class IsolatedGit
{
    public const string AuthorName = "Vault Test";
    public const string AuthorEmail = "vault-test@example.invalid";

    /// <summary>The variables that isolate git, set for the process by <see cref="IsolateProcess"/>.</summary>
    public static IReadOnlyDictionary<string, string> Environment { get; } = new Dictionary<string, string>
    {
        ["GIT_CONFIG_GLOBAL"] = "/dev/null",
        ["GIT_CONFIG_NOSYSTEM"] = "1",
        ["GIT_AUTHOR_NAME"] = AuthorName,
        ["GIT_AUTHOR_EMAIL"] = AuthorEmail,
        ["GIT_COMMITTER_NAME"] = AuthorName,
        ["GIT_COMMITTER_EMAIL"] = AuthorEmail,
    };

    private static readonly Lazy<TempDir> home = new(() =>
    {
        var dir = new TempDir("og-git-home");
        AppDomain.CurrentDomain.ProcessExit += (_, _) => dir.Dispose();
        return dir;
    });

    /// <summary>Isolates git for everything the test process runs (idempotent).</summary>
    public static void IsolateProcess()
    {
        foreach (var (k, v) in Environment) System.Environment.SetEnvironmentVariable(k, v);
    }

    /// <summary>Runs git in <paramref name="dir"/>; the result says whether it worked.</summary>
    public static ExternalProgram.Result Run(string dir, params string[] args) =>
        ExternalProgram.Run("git", ["-C", dir, .. args], env: new Dictionary<string, string>(Environment)
        {
            ["HOME"] = home.Value.Path,
            ["XDG_CONFIG_HOME"] = home.Value[".config"],
        });

    /// <summary>Runs git in <paramref name="dir"/> and returns its stdout; throws with git's stderr when it fails.</summary>
    public static string Ok(string dir, params string[] args)
    {
        var r = Run(dir, args);
        return r.ExitCode == 0 ? r.Stdout : throw new InvalidOperationException($"git {string.Join(' ', args)} exited {r.ExitCode}: {r.Stderr}");
    }

    /// <summary>A bare repository (HEAD on main) in <paramref name="parent"/>, standing in for the team's shared remote.</summary>
    public static string BareRemote(string parent, string name = "remote.git")
    {
        var path = Path.Combine(parent, name);
        Ok(parent, "init", "-q", "--bare", path);
        Ok(path, "symbolic-ref", "HEAD", "refs/heads/main");
        return path;
    }
}
