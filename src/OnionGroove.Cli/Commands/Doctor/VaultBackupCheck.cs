using OnionGroove.Probe.Doctor;
using OnionGroove.Vault;

namespace OnionGroove.Cli.Commands.Doctor;

/// <summary>Is the vault backed up: nothing uncommitted, and the remote's branch is exactly our
/// HEAD (what `oniongroove sync` leaves). Reads only (`git ls-remote`), changes nothing.</summary>
internal static class VaultBackupCheck
{
    public const string Name = "vault_backup";

    public static DoctorFinding Run(TeamVault vault)
    {
        var git = vault.Git;
        var target = vault.Root;
        if (git.Run("status", "--porcelain") is { Ok: true } st && st.Stdout.Trim().Length > 0)
            return DoctorFinding.Fail(Name, target, "the vault has uncommitted changes", "commit them (or undo them), then `oniongroove sync`");
        var branch = git.Run("rev-parse", "--abbrev-ref", "HEAD").Stdout.Trim();
        var upstream = git.Run("rev-parse", "--abbrev-ref", "--symbolic-full-name", "@{u}");
        var remote = upstream.Ok ? upstream.Stdout.Trim().Split('/')[0] : git.Run("remote").Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault();
        if (remote is null)
            return DoctorFinding.Fail(Name, target, "the vault has no remote: its only copy is this folder", "`git remote add origin URL` in the vault, then `oniongroove sync`");
        var head = git.Run("rev-parse", "HEAD").Stdout.Trim();
        var remoteHead = git.Run("ls-remote", "--heads", remote, branch);
        if (!remoteHead.Ok)
            return DoctorFinding.Fail(Name, target, $"cannot reach the remote '{remote}': {remoteHead.Stderr.Trim().Split('\n')[0]}", "check `git remote -v` and your access");
        var theirs = remoteHead.Stdout.Split('\t', 2)[0].Trim();
        if (theirs.Length == 0) return DoctorFinding.Fail(Name, target, $"'{remote}' has no branch {branch} yet", "run `oniongroove sync`");
        return theirs == head
            ? DoctorFinding.Pass(Name, target, $"'{remote}' has {branch} at {head[..12]}, same as here")
            : DoctorFinding.Fail(Name, target, $"'{remote}' has {branch} at {theirs[..Math.Min(12, theirs.Length)]}, here it is {head[..12]}", "run `oniongroove sync`");
    }
}
