using OnionGroove.Vault.Git;

namespace OnionGroove.Vault.Operations;

/// <summary>
/// A team remote made with a plain `git init --bare` has HEAD pointing at `master` (or whatever
/// init.defaultBranch said), while the vault lives on `main`: after the first push a teammate's
/// `git clone URL` checks out the missing branch and gets an empty folder. When the remote's HEAD
/// names no existing branch, a remote on a local path gets HEAD set to the vault's branch; for
/// any other remote the returned note says what to run.
/// </summary>
internal static class RemoteHead
{
    public static string? Check(GitCli git, string remote, string branch)
    {
        var symref = git.Run("ls-remote", "--symref", remote, "HEAD");
        // "ref: refs/heads/X<TAB>HEAD" appears only when HEAD names an existing branch.
        if (!symref.Ok || symref.Stdout.Contains("ref: refs/", StringComparison.Ordinal)) return null;

        var url = git.Run("remote", "get-url", remote) is { Ok: true } u ? u.Stdout.Trim() : remote;
        if (LocalPath(url, git.WorkTree) is { } path
            && git.Run("--git-dir", path, "rev-parse", "--is-bare-repository") is { Ok: true } bare && bare.Stdout.Trim() == "true"
            && git.Run("--git-dir", path, "symbolic-ref", "HEAD", $"refs/heads/{branch}").Ok)
            return null;
        return $"the remote '{remote}' has no default branch (its HEAD names a branch that does not exist), so `git clone {url}` gives an empty folder; "
               + $"on the server run `git --git-dir=PATH symbolic-ref HEAD refs/heads/{branch}`, or have teammates clone with `git clone -b {branch} {url}`";
    }

    /// <summary>The folder of a local remote (a path or file:// URL), else null (ssh, https, scp-like host:path).</summary>
    internal static string? LocalPath(string url, string relativeTo)
    {
        if (url.StartsWith("file://", StringComparison.Ordinal)) return Uri.TryCreate(url, UriKind.Absolute, out var u) ? u.LocalPath : null;
        if (url.Contains("://", StringComparison.Ordinal)) return null;
        // git reads "host:path" as scp-like SSH when the colon comes before any slash.
        var colon = url.IndexOf(':');
        if (colon > 0 && (url.IndexOf('/') < 0 || colon < url.IndexOf('/'))) return null;
        var full = Path.GetFullPath(url, relativeTo);
        return Directory.Exists(full) ? full : null;
    }
}
