namespace OnionGroove.Vault.Git;

/// <summary>
/// Who the vault's commits are made as when git knows no author of its own. On a fresh machine
/// (root on a Debian image, no ~/.gitconfig) git refuses to commit ("Author identity unknown":
/// it cannot guess an email address), which would stop `init` and every other vault command.
/// Then, and only then, the parts git lacks are filled with a neutral author through git's
/// GIT_AUTHOR_* / GIT_COMMITTER_* variables; a user.name or user.email that is configured is
/// kept. Nothing is written to any git config. (Named "author", not git's "identity": in the vault
/// an identity is always the age identity that decrypts, see <see cref="TeamVault"/>.)
/// </summary>
public static class GitAuthor
{
    public const string FallbackName = "OnionGroove vault";
    // .invalid is reserved (RFC 2606): never a real mailbox.
    public const string FallbackEmail = "vault@oniongroove.invalid";

    /// <summary>The git subcommands that make commits (a rebase re-commits as the committer).</summary>
    internal static bool MakesCommits(IReadOnlyList<string> args) =>
        args.Count > 0 && args[0] is "commit" or "pull" or "rebase" or "merge" or "cherry-pick" or "revert" or "am";

    /// <summary>The environment variables to add to git's, empty when git knows who is committing.</summary>
    internal static IReadOnlyDictionary<string, string> Missing(GitCli git)
    {
        if (git.Run("var", "GIT_COMMITTER_IDENT").Ok && git.Run("var", "GIT_AUTHOR_IDENT").Ok) return new Dictionary<string, string>();
        var name = Configured(git, "user.name") ?? FallbackName;
        var email = Configured(git, "user.email") ?? FallbackEmail;
        var env = new Dictionary<string, string>();
        foreach (var role in new[] { "AUTHOR", "COMMITTER" })
        {
            if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable($"GIT_{role}_NAME"))) env[$"GIT_{role}_NAME"] = name;
            if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable($"GIT_{role}_EMAIL"))) env[$"GIT_{role}_EMAIL"] = email;
        }
        return env;
    }

    private static string? Configured(GitCli git, string key)
    {
        var r = git.Run("config", "--get", key);
        return r.Ok && r.Stdout.Trim().Length > 0 ? r.Stdout.Trim() : null;
    }
}
