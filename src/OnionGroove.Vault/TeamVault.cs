using System.Text;
using OnionGroove.Vault.Git;
using OnionGroove.Vault.Manifest;
using OnionGroove.Vault.Secrets;

namespace OnionGroove.Vault;

/// <summary>
/// A team key vault: a git working tree holding <c>oniongroove.yaml</c> and age-encrypted keys
/// under <c>secrets/</c>. Open one with <see cref="Open"/>; read keys with
/// <see cref="DecryptIdentityKey"/>; change it through the operations in
/// <c>OnionGroove.Vault.Operations</c>, each of which ends in one commit.
/// </summary>
public sealed partial class TeamVault
{
    /// <summary>Paths the vault manages; only these are staged, committed or restored.</summary>
    internal static readonly string[] ManagedPaths = [ManifestFile.FileName, SecretLayout.Root];

    private TeamVault(string root, VaultManifest manifest)
    {
        Root = root;
        Manifest = manifest;
        Git = new GitCli(root);
    }

    /// <summary>The working tree's top folder.</summary>
    public string Root { get; }

    /// <summary>The manifest as last read or committed.</summary>
    public VaultManifest Manifest { get; private set; }

    public IReadOnlyList<SiteEntry> Sites => Manifest.Sites;
    public IReadOnlyList<TeamMember> Team => Manifest.Team;

    public GitCli Git { get; }

    public string FullPath(string relative) => SecretLayout.Full(Root, relative);

    /// <summary>Opens the vault whose root is <paramref name="path"/> or one of its parents.</summary>
    /// <exception cref="VaultException">No vault there (Usage) or a malformed manifest (BadInput).</exception>
    public static TeamVault Open(string path)
    {
        var root = FindRoot(path) ?? throw new VaultException(VaultErrorKind.Usage,
            $"no vault at {Path.GetFullPath(path)} (no {ManifestFile.FileName} here or above)",
            "create one with `oniongroove init DIR`, clone an existing one with `git clone`, or pass --vault DIR");
        var parsed = ManifestFile.Read(Path.Combine(root, ManifestFile.FileName));
        if (parsed.Manifest is null)
            throw new VaultException(VaultErrorKind.BadInput, $"{ManifestFile.FileName}: {parsed.Error}",
                "fix the file by hand or restore it with `git checkout -- oniongroove.yaml`");
        return new TeamVault(root, parsed.Manifest);
    }

    private static string? FindRoot(string path)
    {
        for (var dir = new DirectoryInfo(Path.GetFullPath(path)); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, ManifestFile.FileName))) return dir.FullName;
        return null;
    }

    /// <summary>
    /// Creates a new vault in <paramref name="dir"/> (which must be empty or absent): git
    /// repository, manifest, README and .gitattributes, as one commit.
    /// </summary>
    public static TeamVault Init(string dir, TeamMember? firstMember = null, string? remote = null)
    {
        var root = Path.GetFullPath(dir);
        if (Directory.Exists(root) && Directory.EnumerateFileSystemEntries(root).Any())
            throw new VaultException(VaultErrorKind.Usage, $"{root} is not empty",
                "choose a new folder; to use an existing vault, `git clone` it");
        if (firstMember is not null) Sealing.RecipientCheck.Require(firstMember);
        var manifest = new VaultManifest();
        if (firstMember is not null) manifest.Team.Add(firstMember);
        if (ManifestValidator.Validate(manifest) is { } problem) throw new VaultException(VaultErrorKind.Usage, problem);

        var created = !Directory.Exists(root);
        VaultFiles.CreateFolder(root);
        try
        {
            var git = new GitCli(root);
            // Owner-only files in .git whatever the umask (a world-writable .git/hooks runs anyone's code).
            git.Check("init", "-q", "--shared=0600");
            // Name the first branch ourselves so it does not depend on init.defaultBranch.
            git.Check("symbolic-ref", "HEAD", "refs/heads/main");
            VaultFiles.Write(Path.Combine(root, ManifestFile.FileName), ManifestFile.Serialize(manifest));
            VaultFiles.Write(Path.Combine(root, "README.md"), VaultReadme.Text);
            VaultFiles.Write(Path.Combine(root, ".gitattributes"), "# age files are binary: no diffs, no line-ending conversion\n*.age binary\n");
            VaultFiles.CreateFolder(Path.Combine(root, SecretLayout.Root));
            VaultFiles.Write(Path.Combine(root, SecretLayout.Root, ".keep"), "");
            git.Check("add", "--", ManifestFile.FileName, "README.md", ".gitattributes", SecretLayout.Root);
            git.Check("commit", "-q", "-m", firstMember is null ? "init vault" : $"init vault with {firstMember.Name}");
            if (remote is not null) git.Check("remote", "add", "origin", remote);
        }
        catch
        {
            // Leave nothing half-made behind.
            if (created) Directory.Delete(root, recursive: true);
            else foreach (var e in Directory.EnumerateFileSystemEntries(root))
                    if (Directory.Exists(e)) Directory.Delete(e, true); else File.Delete(e);
            throw;
        }
        return Open(root);
    }

    /// <summary>Re-reads the manifest from disk (after a pull).</summary>
    public void Reload()
    {
        var parsed = ManifestFile.Read(Path.Combine(Root, ManifestFile.FileName));
        Manifest = parsed.Manifest ?? throw new VaultException(VaultErrorKind.BadInput, $"{ManifestFile.FileName}: {parsed.Error}");
    }

    /// <summary>
    /// Refuses to change a vault whose managed files have uncommitted edits, whose index holds
    /// staged changes, or which is in the middle of a rebase or merge: our commit must contain
    /// exactly our change, and a rollback must not destroy anyone's work.
    /// </summary>
    public void EnsureClean()
    {
        var gitDir = Git.Check("rev-parse", "--git-dir").Trim();
        gitDir = Path.IsPathRooted(gitDir) ? gitDir : Path.Combine(Root, gitDir);
        foreach (var marker in new[] { "rebase-merge", "rebase-apply", "MERGE_HEAD" })
            if (Path.Exists(Path.Combine(gitDir, marker)))
                throw new VaultException(VaultErrorKind.Conflict, "the vault is in the middle of a git rebase or merge",
                    "finish it (`git rebase --continue` / `git merge --continue`) or abort it, then retry");
        var status = Git.Check(["status", "--porcelain", "--untracked-files=all", "--", .. ManagedPaths]);
        if (status.Length > 0)
            throw new VaultException(VaultErrorKind.Conflict,
                "the vault has uncommitted changes to its manifest or secrets:\n" + status.TrimEnd(),
                "commit or discard them (`git status` in the vault) before running oniongroove");
        if (!Git.Run("diff", "--cached", "--quiet").Ok)
            throw new VaultException(VaultErrorKind.Conflict, "the vault's git index has staged changes",
                "commit or unstage them first, so oniongroove's commit holds only its own change");
    }

    /// <summary>
    /// Applies a change as one commit: ciphertexts are written first (each atomically), the
    /// manifest last, then committed. On any failure the managed paths are restored from HEAD.
    /// </summary>
    public void Apply(VaultChange change)
    {
        if (ManifestValidator.Validate(change.Manifest) is { } problem)
            throw new VaultException(VaultErrorKind.Failure, $"internal error: the new manifest is invalid: {problem}");
        EnsureClean();
        try
        {
            foreach (var (rel, bytes) in change.Writes) WriteAtomically(FullPath(rel), bytes);
            foreach (var rel in change.Deletes)
                if (!change.Writes.ContainsKey(rel) && File.Exists(FullPath(rel))) File.Delete(FullPath(rel));
            WriteAtomically(Path.Combine(Root, ManifestFile.FileName), Encoding.UTF8.GetBytes(ManifestFile.Serialize(change.Manifest)));
            Git.Check(["add", "-A", "--", .. ManagedPaths]);
            Git.Check("commit", "-q", "-m", change.Message);
        }
        catch
        {
            Restore();
            throw;
        }
        Manifest = change.Manifest;
        RemoveEmptySecretDirs();
    }

    /// <summary>Puts the managed paths back to HEAD (used after a failed change).</summary>
    private void Restore()
    {
        Git.Run(["reset", "-q", "--", .. ManagedPaths]);
        Git.Run(["checkout", "-q", "HEAD", "--", .. ManagedPaths]);
        Git.Run("clean", "-fdq", "--", SecretLayout.Root);
    }

    private void RemoveEmptySecretDirs()
    {
        var top = Path.Combine(Root, SecretLayout.Root);
        if (!Directory.Exists(top)) return;
        foreach (var d in Directory.GetDirectories(top, "*", SearchOption.AllDirectories).OrderByDescending(d => d.Length))
            if (!Directory.EnumerateFileSystemEntries(d).Any()) Directory.Delete(d);
    }

    private static void WriteAtomically(string path, byte[] bytes)
    {
        VaultFiles.CreateFolder(Path.GetDirectoryName(path)!);
        var tmp = path + ".tmp-" + Environment.ProcessId;
        VaultFiles.Write(tmp, bytes);
        File.Move(tmp, path, overwrite: true);
    }
}
