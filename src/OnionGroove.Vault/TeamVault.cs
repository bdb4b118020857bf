using System.Text;
using OnionGroove.Core.IO;
using OnionGroove.Vault.Git;
using OnionGroove.Vault.Manifest;
using OnionGroove.Vault.Secrets;
using OnionGroove.Crypto.Files;

namespace OnionGroove.Vault;

/// <summary>
/// A team key vault: a git working tree holding <c>oniongroove.yaml</c> and age-encrypted keys
/// under <c>secrets/</c>. Open one with <see cref="Open"/>; read keys with
/// <see cref="DecryptIdentityKey"/>; change it through the operations in
/// <c>OnionGroove.Vault.Operations</c>, each of which ends in one commit.
/// <para>
/// Naming rule for this layer and the CLI's vault commands: an <b>identity</b> is always an age
/// identity, the private key that decrypts the vault's secrets (age's own term; see
/// <see cref="Sealing.VaultIdentity"/>, <see cref="Sealing.IdentityLookup"/>, <c>--identity</c>). An
/// onion service's ed25519 key, the one its .onion address is derived from (rend-spec-v3
/// "identity key"), is always an <b>identity key</b> (<see cref="DecryptIdentityKey"/>,
/// <c>IdentitySecretKey</c>), never a bare "identity"; git's commit author is an <b>author</b>
/// (<see cref="Git.GitAuthor"/>).
/// </para>
/// </summary>
public sealed partial class TeamVault
{
    /// <summary>Paths the vault manages; only these are staged, committed or restored.</summary>
    internal static readonly string[] ManagedPaths = [ManifestFile.FileName, SecretLayout.Root];

    private TeamVault(string root, VaultManifest manifest, string manifestText)
    {
        Root = root;
        Manifest = manifest;
        _manifestText = manifestText;
        Git = new GitCli(root);
    }

    /// <summary>The manifest file's text when <see cref="Manifest"/> was read: a change is refused
    /// when the file no longer holds it (someone else committed in between).</summary>
    private string _manifestText;

    private VaultLock? _lock;
    private int _lockDepth;

    /// <summary>How long a change waits for another oniongroove command on the same clone.</summary>
    public TimeSpan LockWait { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Told once when a change has to wait for another command (the CLI prints it).</summary>
    public Action<string>? OnLockWait { get; set; }

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
        var (manifest, text) = ReadManifest(root);
        return new TeamVault(root, manifest, text);
    }

    private static (VaultManifest Manifest, string Text) ReadManifest(string root)
    {
        var path = Path.Combine(root, ManifestFile.FileName);
        if (!ManifestFile.ReadText(path).TryGet(out var text, out var problem) || !ManifestFile.Parse(text).TryGet(out var manifest, out problem))
            throw new VaultException(VaultErrorKind.BadInput, $"{ManifestFile.FileName}: {ManifestFile.Describe(problem)}",
                "fix the file by hand or restore it with `git checkout -- oniongroove.yaml`");
        return (manifest, text);
    }

    /// <summary>The vault root at or above <paramref name="path"/> (where oniongroove.yaml is), or null.</summary>
    public static string? FindRoot(string path)
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
    public void Reload() => (Manifest, _manifestText) = ReadManifest(Root);

    /// <summary>
    /// Runs a read-change-commit under the vault's lock (<see cref="VaultLock"/>), after
    /// re-reading the manifest, so a concurrent command's commit is built upon rather than lost.
    /// Every operation that changes the vault runs inside this; nesting is allowed.
    /// </summary>
    public T Exclusive<T>(Func<T> body) => Locked(reload: true, body);

    private T Locked<T>(bool reload, Func<T> body)
    {
        if (_lockDepth > 0)
        {
            _lockDepth++;
            try { return body(); }
            finally { _lockDepth--; }
        }
        _lock = VaultLock.Acquire(GitDir(), LockWait, OnLockWait);
        _lockDepth = 1;
        try
        {
            if (reload) Reload();
            return body();
        }
        finally
        {
            _lockDepth = 0;
            _lock.Dispose();
            _lock = null;
        }
    }

    private string GitDir()
    {
        var gitDir = Git.Check("rev-parse", "--git-dir").Trim();
        return Path.IsPathRooted(gitDir) ? gitDir : Path.Combine(Root, gitDir);
    }

    /// <summary>
    /// Refuses to change a vault whose managed files have uncommitted edits, whose index holds
    /// staged changes, or which is in the middle of a rebase or merge: our commit must contain
    /// exactly our change, and a rollback must not destroy anyone's work.
    /// </summary>
    public void EnsureClean()
    {
        var gitDir = GitDir();
        if (File.Exists(Path.Combine(gitDir, "index.lock")))
            throw new VaultException(VaultErrorKind.Conflict,
                $"git's index is locked ({Path.Combine(gitDir, "index.lock")} exists): a git command is running in the vault, or one was killed and left the file behind",
                "no other oniongroove command is changing the vault now (oniongroove holds its own lock), so if no git command or editor is running in it, remove the file: "
                + $"rm {Path.Combine(gitDir, "index.lock")}",
                "then run your command again; nothing was changed");
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
        Locked(reload: false, () =>
        {
            ApplyLocked(change);
            return 0;
        });
    }

    private void ApplyLocked(VaultChange change)
    {
        EnsureClean();
        // The change was computed from the manifest as read; if another command (or a pull)
        // committed since, applying it would silently drop that commit's change.
        var current = ManifestFile.ReadText(Path.Combine(Root, ManifestFile.FileName));
        if (!current.TryGet(out var currentText, out _) || !ManifestFile.Parse(currentText).IsSuccess || currentText != _manifestText)
            throw new VaultException(VaultErrorKind.Conflict, "the vault changed while this command ran (another command or a git pull committed); nothing was written",
                "run the command again");
        var manifestPath = Path.Combine(Root, ManifestFile.FileName);
        // A committed symlinked folder would send the writes (and deletes) outside the vault.
        foreach (var rel in change.Writes.Keys.Concat(change.Deletes))
            if (Crypto.Files.OutputFolder.PlantedBelow(Root, Path.GetDirectoryName(FullPath(rel))!) is { } planted)
                throw new VaultException(VaultErrorKind.BadInput, $"{planted}; refusing to write the vault through it",
                    "check `git log -p` for that path, remove it (`git rm`) and run the command again");
        var saved = Snapshot(change, manifestPath);
        try
        {
            foreach (var (rel, bytes) in change.Writes) WriteAtomically(FullPath(rel), bytes);
            foreach (var rel in change.Deletes)
                if (!change.Writes.ContainsKey(rel) && File.Exists(FullPath(rel))) File.Delete(FullPath(rel));
            var serialized = ManifestFile.Serialize(change.Manifest);
            WriteAtomically(manifestPath, Encoding.UTF8.GetBytes(serialized));
            Git.Check(["add", "-A", "--", .. ManagedPaths]);
            Git.Check("commit", "-q", "-m", change.Message);
            _manifestText = serialized;
        }
        catch
        {
            Restore(saved);
            throw;
        }
        Manifest = change.Manifest;
        RemoveEmptySecretDirs();
    }

    /// <summary>The bytes (ciphertext and manifest only, never plaintext) of every file a change
    /// touches, or null for a file that does not exist yet.</summary>
    private Dictionary<string, Saved> Snapshot(VaultChange change, string manifestPath)
    {
        var saved = new Dictionary<string, Saved>(StringComparer.Ordinal);
        foreach (var full in change.Writes.Keys.Concat(change.Deletes).Select(FullPath).Append(manifestPath))
        {
            // A committed symlink is kept as a symlink (never read: it may point at /dev/zero).
            if (new FileInfo(full).LinkTarget is { } target) { saved[full] = new(null, target); continue; }
            if (!File.Exists(full)) { saved[full] = new(null, null); continue; }
            if (!SafeFile.Read(full, ManifestFile.MaxBytes, followLink: false).TryGet(out var bytes, out var error))
                throw new VaultException(VaultErrorKind.BadInput, error.Message, "check `git log -p` for that path and restore it from git history");
            saved[full] = new(bytes, null);
        }
        return saved;
    }

    /// <summary>A file as it was before a change: its bytes, a symlink's target, or neither (absent).</summary>
    private sealed record Saved(byte[]? Bytes, string? LinkTarget);

    /// <summary>
    /// Puts every file of a failed change back as it was, from memory: this needs neither git's
    /// index nor its lock (a stale index.lock would otherwise make the rollback fail and leave a
    /// manifest naming a missing key). Then unstages, which does need the index; if that fails
    /// the files are still right and the error says what to run.
    /// </summary>
    private void Restore(Dictionary<string, Saved> saved)
    {
        foreach (var (full, was) in saved)
        {
            try
            {
                if (File.Exists(full) || new FileInfo(full).LinkTarget is not null) File.Delete(full);
                if (was.Bytes is not null) WriteAtomically(full, was.Bytes);
                else if (was.LinkTarget is not null) File.CreateSymbolicLink(full, was.LinkTarget);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Keep restoring the others; git checkout below is the second chance.
            }
        }
        RemoveEmptySecretDirs();
        Git.Run(["reset", "-q", "--", .. ManagedPaths]);
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
