namespace OnionGroove.Vault.Operations;

/// <summary>
/// <c>git pull --rebase</c> then <c>git push</c> against the vault's remote. A conflict aborts
/// the rebase, so the clone is back exactly as before (local commits kept) and the user decides.
/// </summary>
public static class VaultSync
{
    public sealed record SyncResult(string Remote, string Branch, int Pulled, int Pushed)
    {
        /// <summary>Things the user should know or do (e.g. a remote without a default branch).</summary>
        public IReadOnlyList<string> Notes { get; init; } = [];
    }

    public static SyncResult Run(TeamVault vault, string? remote = null)
    {
        return vault.Exclusive(() =>
        {
            vault.EnsureClean();
            var git = vault.Git;
            var branch = git.Check("rev-parse", "--abbrev-ref", "HEAD").Trim();
            if (branch == "HEAD") throw new VaultException(VaultErrorKind.Conflict, "the vault is not on a branch (detached HEAD)", "check out the branch to sync, e.g. `git checkout main`");
            var upstream = git.Run("rev-parse", "--abbrev-ref", "--symbolic-full-name", "@{u}");
            remote ??= upstream.Ok ? upstream.Stdout.Trim().Split('/')[0] : DefaultRemote(vault);

            var before = git.Check("rev-parse", "HEAD").Trim();
            var remoteHasBranch = git.Run("ls-remote", "--exit-code", "--heads", remote, branch);
            if (remoteHasBranch.ExitCode is not (0 or 2))
                throw new VaultException(VaultErrorKind.External, $"cannot reach remote '{remote}': {FirstLines(remoteHasBranch.Stderr)}",
                    "check the URL (`git remote -v`) and your access (SSH key, credentials)");
            var pulled = 0;
            if (remoteHasBranch.ExitCode == 0)
            {
                var pull = git.Run("pull", "--rebase", "--no-autostash", remote, branch);
                if (!pull.Ok)
                {
                    var conflicted = git.Run("diff", "--name-only", "--diff-filter=U").Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
                    var inRebase = git.Run("rev-parse", "-q", "--verify", "REBASE_HEAD").Ok || conflicted.Length > 0;
                    if (inRebase)
                    {
                        // Back to exactly what was here before: nothing of ours or theirs is lost.
                        git.Run("rebase", "--abort");
                        throw new VaultException(VaultErrorKind.Conflict,
                            $"your vault changes conflict with changes on '{remote}' in: {(conflicted.Length > 0 ? string.Join(", ", conflicted) : "unknown files")}",
                            "nothing was lost: your commits are still here and the remote is unchanged",
                            "to resolve: run `git pull --rebase` in the vault, edit the conflicted files (keep both sides' entries in oniongroove.yaml), `git add` them, `git rebase --continue`",
                            "for secrets/*.age conflicts keep one side and re-run the oniongroove command of the other; then `oniongroove audit` and `oniongroove sync`");
                    }
                    throw new VaultException(VaultErrorKind.External, $"git pull from '{remote}' failed: {FirstLines(pull.Stderr)}");
                }
                pulled = CountBetween(vault, before, "HEAD");
            }
            var ahead = remoteHasBranch.ExitCode == 0 ? CountBetween(vault, "FETCH_HEAD", "HEAD") : CountBetween(vault, null, "HEAD");
            var push = git.Run("push", "-u", remote, $"HEAD:refs/heads/{branch}");
            if (!push.Ok)
            {
                if (push.Stderr.Contains("rejected", StringComparison.Ordinal) || push.Stderr.Contains("fetch first", StringComparison.Ordinal))
                    throw new VaultException(VaultErrorKind.Conflict, $"'{remote}' received new commits while syncing",
                        "run `oniongroove sync` again");
                throw new VaultException(VaultErrorKind.External, $"git push to '{remote}' failed: {FirstLines(push.Stderr)}");
            }
            vault.Reload();
            var note = RemoteHead.Check(git, remote, branch);
            return new SyncResult(remote, branch, pulled, ahead) { Notes = note is null ? [] : [note] };
        });
    }

    private static string DefaultRemote(TeamVault vault)
    {
        var remotes = vault.Git.Check("remote").Split('\n', StringSplitOptions.RemoveEmptyEntries);
        if (remotes.Contains("origin")) return "origin";
        if (remotes.Length == 1) return remotes[0];
        throw new VaultException(VaultErrorKind.Usage, remotes.Length == 0 ? "the vault has no git remote to sync with" : "the vault has several remotes and no upstream",
            "add one: git -C VAULT remote add origin URL (or pass --remote NAME)");
    }

    private static int CountBetween(TeamVault vault, string? from, string to)
    {
        var r = vault.Git.Run("rev-list", "--count", from is null ? to : $"{from}..{to}");
        return r.Ok && int.TryParse(r.Stdout.Trim(), out var n) ? n : 0;
    }

    private static string FirstLines(string s) =>
        string.Join(" / ", s.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Take(3));
}
