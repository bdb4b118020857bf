using System.Security.Cryptography;
using System.Text;
using OnionGroove.Core.IO;
using OnionGroove.Crypto;
using OnionGroove.Vault.Manifest;
using OnionGroove.Vault.Sealing;
using OnionGroove.Vault.Secrets;
using OnionGroove.Crypto.Keys;
using OnionGroove.Crypto.Files;
using OnionGroove.Age.Recipients;

namespace OnionGroove.Vault.Audit;

/// <summary>
/// Checks a vault: every secret exists and is sealed to exactly the current team (no stale
/// recipients), and no plaintext key material sits in the working tree or in any git object.
/// </summary>
public static class VaultAuditor
{
    /// <summary>Working-tree files larger than this are not searched for key bytes (and noted).</summary>
    private const int MaxScannedFileBytes = 64 << 20;

    public static AuditReport Run(TeamVault vault, IReadOnlyList<VaultIdentity> identities)
    {
        var report = new AuditReport();
        var team = vault.Manifest.Team.Select(m => m.Name).ToHashSet();
        var sshTags = vault.Manifest.Team.Select(m => AgeHeaderSummary.SshTagOf(m.Recipient)).OfType<string>().ToHashSet();
        var scanner = new PlaintextScanner();
        var decrypted = 0;
        var mine = MembersOf(vault.Manifest, identities);
        try
        {
            CheckManifest(vault, report);
            foreach (var entry in vault.Manifest.AllSecrets())
                CheckSecret(vault, entry, team, sshTags, identities, mine, scanner, report, ref decrypted);
            if (identities.Count == 0)
                report.Notes.Add("no identity available: the search for raw key bytes of the vault's secrets was skipped (pass --identity)");
            else if (decrypted == 0 && vault.Manifest.AllSecrets().Any())
                report.Notes.Add("your identities could decrypt no secret: the search for raw key bytes was skipped");
            CheckOrphans(vault, report);
            ScanWorkingTree(vault, scanner, report);
            ScanHistory(vault, scanner, report);
        }
        finally
        {
            scanner.Clear();
        }
        return report;
    }

    /// <summary>The manifest's text and team: duplicate YAML keys and recipients no one can seal to.</summary>
    private static void CheckManifest(TeamVault vault, AuditReport report)
    {
        if (ReadManifestText(vault.Root) is { } text)
            foreach (var f in ManifestLint.DuplicateKeys(text))
                report.Problems.Add(new(AuditProblemKinds.DuplicateKey, $"{ManifestFile.FileName}:{f.Line}", $"{ManifestFile.FileName}: {f.Message}"));
        foreach (var m in vault.Manifest.Team)
            if (RecipientCheck.Parse(m.Recipient).Error is { } error)
                report.Problems.Add(new(AuditProblemKinds.BadRecipient, ManifestFile.FileName,
                    $"team member '{m.Name}' has an unusable recipient ({error.Message}); nothing can be sealed to it"));
    }

    /// <summary>
    /// The audit of a vault whose manifest does not parse: the parse error and any duplicate keys,
    /// so `audit` reports the problem instead of stopping at it.
    /// </summary>
    public static AuditReport RunOnUnreadableManifest(string root, string parseError)
    {
        var report = new AuditReport();
        var duplicates = ReadManifestText(root) is { } text ? ManifestLint.DuplicateKeys(text) : [];
        foreach (var f in duplicates)
            report.Problems.Add(new(AuditProblemKinds.DuplicateKey, $"{ManifestFile.FileName}:{f.Line}", $"{ManifestFile.FileName}: {f.Message}"));
        report.Problems.Add(new(AuditProblemKinds.ManifestInvalid, ManifestFile.FileName, parseError));
        report.Notes.Add("the manifest could not be read, so no secret was checked; fix it and audit again");
        return report;
    }

    private static string? ReadManifestText(string root) =>
        ManifestFile.ReadText(Path.Combine(root, ManifestFile.FileName)).ValueOrDefault;

    /// <summary>The team members whose recipient one of <paramref name="identities"/> belongs to:
    /// every secret sealed to them must open with those identities.</summary>
    private static HashSet<string> MembersOf(VaultManifest manifest, IReadOnlyList<VaultIdentity> identities)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var m in manifest.Team)
        {
            if (!RecipientCheck.Parse(m.Recipient).TryGet(out var r, out _)) continue;
            foreach (var id in identities.Select(i => i.Identity))
                if ((id, r) switch
                    {
                        (Age.Recipients.X25519Identity x, Age.Recipients.X25519Recipient xr) => x.Recipient.Equals(xr),
                        (Age.Recipients.SshEd25519Identity sid, Age.Recipients.SshEd25519Recipient sr) => sid.Recipient.Ed25519PublicKey.AsSpan().SequenceEqual(sr.Ed25519PublicKey),
                        _ => false,
                    })
                    names.Add(m.Name);
        }
        return names;
    }

    private static void CheckSecret(TeamVault vault, SecretEntry entry, HashSet<string> team, HashSet<string> sshTags,
        IReadOnlyList<VaultIdentity> identities, HashSet<string> mine, PlaintextScanner scanner, AuditReport report, ref int decrypted)
    {
        var sealedTo = entry.Secret.SealedTo;
        if (!SafeFile.ReadBelow(vault.Root, entry.Secret.Path, SecretCheck.MaxSealedBytes).TryGet(out var bytes, out var readError))
        {
            report.Secrets.Add(new AuditedSecret(entry.Label, entry.Secret.Path, sealedTo, null));
            report.Problems.Add(readError.Kind == SafeReadFailure.Missing
                ? new(AuditProblemKinds.MissingFile, entry.Secret.Path, $"{entry.Label}: the file is missing")
                : new(AuditProblemKinds.Unreadable, entry.Secret.Path, $"{entry.Label}: {readError.Message}"));
            return;
        }
        if (!AgeHeaderSummary.Read(bytes).TryGet(out var header, out var error))
        {
            report.Secrets.Add(new AuditedSecret(entry.Label, entry.Secret.Path, sealedTo, null));
            report.Problems.Add(new(AuditProblemKinds.Unreadable, entry.Secret.Path, $"{entry.Label}: {error.Message}"));
            return;
        }
        report.Secrets.Add(new AuditedSecret(entry.Label, entry.Secret.Path, sealedTo, header.StanzaCount));
        foreach (var stale in sealedTo.Where(n => !team.Contains(n)))
            report.Problems.Add(new(AuditProblemKinds.StaleRecipient, entry.Secret.Path,
                $"{entry.Label} is sealed to '{stale}', who is no longer on the team (re-seal with `oniongroove team` and rotate what can rotate)"));
        var missing = team.Where(n => !sealedTo.Contains(n)).ToList();
        if (missing.Count > 0)
            report.Problems.Add(new(AuditProblemKinds.NotSealedToTeam, entry.Secret.Path,
                $"{entry.Label} is not sealed to current member(s) {string.Join(", ", missing)}"));
        if (header.StanzaCount != sealedTo.Count)
            report.Problems.Add(new(AuditProblemKinds.RecipientCountMismatch, entry.Secret.Path,
                $"{entry.Label}: the file has {header.StanzaCount} recipient(s) but the manifest lists {sealedTo.Count}; it was re-encrypted outside oniongroove"));
        foreach (var tag in header.SshTags.Where(t => !sshTags.Contains(t)))
            report.Problems.Add(new(AuditProblemKinds.UnknownSshRecipient, entry.Secret.Path,
                $"{entry.Label} is sealed to an ssh-ed25519 key (tag {tag}) that belongs to no current member"));
        if (identities.Count == 0) return;
        try
        {
            var plain = SecretSealer.Open(bytes, identities, $"{entry.Label} ({entry.Secret.Path})", sealedTo);
            try
            {
                decrypted++;
                if (entry.Kind is SecretKind.Frontend or SecretKind.Backend && TorKeyFiles.ParseSecretKey(plain).ValueOrDefault is { } key)
                    using (key) AddExpanded(scanner, entry.Label, key);
                else if (entry.Kind == SecretKind.ClientAuth)
                    scanner.AddRawSecret(entry.Label, plain);
                else if (entry.Kind == SecretKind.MeshClient)
                    AddMeshClient(scanner, entry.Label, plain);
                // The same checks every reader applies: right format, and the key of the address
                // (or client key) the manifest records, so a swap or an edit cannot hide.
                if (SecretCheck.Problem(entry, plain) is { } problem)
                    report.Problems.Add(new(AuditProblemKinds.WrongSecret, entry.Secret.Path, $"{entry.Label}: {problem}"));
            }
            finally
            {
                CryptographicOperations.ZeroMemory(plain);
            }
        }
        catch (VaultException e) when (e.Kind == VaultErrorKind.NoIdentity)
        {
            var yours = sealedTo.Where(mine.Contains).ToList();
            if (yours.Count > 0)
                report.Problems.Add(new(AuditProblemKinds.Undecryptable, entry.Secret.Path,
                    $"{entry.Label}: the manifest says it is sealed to {string.Join(", ", yours)}, but your identity for {(yours.Count == 1 ? "that member" : "those members")} cannot open it; it was re-encrypted outside oniongroove"));
            else
                report.Notes.Add($"cannot decrypt {entry.Label} with your identities; its raw bytes were not searched for");
        }
        catch (VaultException e) when (e.Kind == VaultErrorKind.BadInput)
        {
            report.Problems.Add(new(AuditProblemKinds.Damaged, entry.Secret.Path, e.Message));
        }
    }

    /// <summary>Registers the 64 expanded-key bytes, the part of a key file that could leak on its own.</summary>
    private static void AddExpanded(PlaintextScanner scanner, string label, IdentitySecretKey key)
    {
        Span<byte> expanded = stackalloc byte[64];
        key.ExportExpanded(expanded);
        scanner.AddRawSecret(label, expanded);
        CryptographicOperations.ZeroMemory(expanded);
    }

    /// <summary>A mesh client key leaks as its base32 text (a token or .auth_private pasted into a
    /// file: the scan is case-sensitive, so both cases) or as its 32 raw bytes.</summary>
    private static void AddMeshClient(PlaintextScanner scanner, string label, ReadOnlySpan<byte> plain)
    {
        var text = Encoding.ASCII.GetString(plain).Trim();
        scanner.AddRawSecret(label, Encoding.ASCII.GetBytes(text.ToLowerInvariant()));
        scanner.AddRawSecret(label, Encoding.ASCII.GetBytes(text.ToUpperInvariant()));
        if (!ClientAuthSecretKey.TryFromBase32(text, out var key, out _)) return;
        using (key)
        {
            Span<byte> raw = stackalloc byte[32];
            key.Key.ExportSecret(raw);
            scanner.AddRawSecret(label, raw);
            CryptographicOperations.ZeroMemory(raw);
        }
    }

    private static void CheckOrphans(TeamVault vault, AuditReport report)
    {
        var known = vault.Manifest.AllSecrets().Select(e => e.Secret.Path).ToHashSet();
        var dir = Path.Combine(vault.Root, SecretLayout.Root);
        if (!Directory.Exists(dir)) return;
        foreach (var f in Directory.EnumerateFiles(dir, "*", SearchOption.AllDirectories))
        {
            var rel = Path.GetRelativePath(vault.Root, f).Replace(Path.DirectorySeparatorChar, '/');
            if (rel == $"{SecretLayout.Root}/.keep" || known.Contains(rel)) continue;
            report.Problems.Add(new(AuditProblemKinds.OrphanFile, rel, $"{rel} is not listed in the manifest"));
        }
    }

    private static void ScanWorkingTree(TeamVault vault, PlaintextScanner scanner, AuditReport report)
    {
        foreach (var f in EnumerateTree(vault.Root))
        {
            report.WorkingTreeFilesScanned++;
            var rel = Path.GetRelativePath(vault.Root, f).Replace(Path.DirectorySeparatorChar, '/');
            // Only regular files, bounded: a FIFO or a huge file must not stop the audit.
            if (!SafeFile.Read(f, MaxScannedFileBytes, followLink: false).TryGet(out var content, out var error))
            {
                if (error.Kind == SafeReadFailure.TooLarge) report.Notes.Add($"{rel} was not scanned: {error.Message}");
                else if (error.Kind != SafeReadFailure.Missing)
                    report.Problems.Add(new(AuditProblemKinds.Unreadable, rel, error.Message));
                continue;
            }
            foreach (var kind in scanner.Scan(content))
                report.Problems.Add(new(AuditProblemKinds.PlaintextInWorkingTree, rel, $"{rel} contains a plaintext {kind}"));
        }
    }

    private static IEnumerable<string> EnumerateTree(string root)
    {
        var pending = new Stack<string>();
        pending.Push(root);
        while (pending.Count > 0)
        {
            var dir = pending.Pop();
            foreach (var f in Directory.EnumerateFiles(dir))
                if (!File.GetAttributes(f).HasFlag(FileAttributes.ReparsePoint)) yield return f;
            foreach (var d in Directory.EnumerateDirectories(dir))
                if (!(dir == root && Path.GetFileName(d) == ".git") && !File.GetAttributes(d).HasFlag(FileAttributes.ReparsePoint))
                    pending.Push(d);
        }
    }

    /// <summary>Every object reachable from any ref or reflog entry: `git rev-list --objects`
    /// names them, `git cat-file --batch` streams their contents.</summary>
    private static void ScanHistory(TeamVault vault, PlaintextScanner scanner, AuditReport report)
    {
        var list = vault.Git.Run("rev-list", "--objects", "--all", "--reflog");
        if (!list.Ok) throw list.ToException();
        var names = new Dictionary<string, string>();
        var order = new List<string>();
        foreach (var line in list.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var space = line.IndexOf(' ');
            var oid = space < 0 ? line : line[..space];
            if (names.TryAdd(oid, space < 0 ? "" : line[(space + 1)..])) order.Add(oid);
        }
        if (order.Count == 0) return;
        var (code, output, stderr) = vault.Git.RunBinary(Encoding.ASCII.GetBytes(string.Join('\n', order) + "\n"), "cat-file", "--batch");
        if (code != 0) throw new VaultException(VaultErrorKind.External, $"git cat-file --batch failed: {stderr.Trim()}");
        var pos = 0;
        while (pos < output.Length)
        {
            var nl = Array.IndexOf(output, (byte)'\n', pos);
            if (nl < 0) break;
            var head = Encoding.ASCII.GetString(output, pos, nl - pos).Split(' ');
            pos = nl + 1;
            if (head.Length < 3 || !int.TryParse(head[2], out var size)) continue; // "<oid> missing"
            var content = output.AsSpan(pos, size);
            pos += size + 1;
            report.GitObjectsScanned++;
            var found = scanner.Scan(content);
            if (found.Count == 0) continue;
            var where = names.TryGetValue(head[0], out var p) && p.Length > 0 ? $"{p} (git {head[1]} {head[0][..12]})" : $"git {head[1]} {head[0][..12]}";
            foreach (var kind in found)
                report.Problems.Add(new(AuditProblemKinds.PlaintextInHistory, where,
                    $"git history holds a plaintext {kind} in {where}; it stays readable to anyone with a clone: rotate that key and consider rewriting history"));
        }
    }
}
