namespace OnionGroove.Vault.Audit;

/// <summary>The result of <see cref="VaultAuditor.Run"/>. Problems make the audit fail; notes do not.</summary>
public sealed class AuditReport
{
    public List<AuditedSecret> Secrets { get; } = [];
    public List<AuditProblem> Problems { get; } = [];
    public List<string> Notes { get; } = [];
    public int WorkingTreeFilesScanned { get; set; }
    public int GitObjectsScanned { get; set; }
    public bool Ok => Problems.Count == 0;
}

/// <summary>Who can decrypt one secret, according to the manifest and the file's header.</summary>
public sealed record AuditedSecret(string Secret, string Path, IReadOnlyList<string> SealedTo, int? RecipientsInFile);

/// <summary>One finding. <see cref="Kind"/> is a stable identifier (used in --json output).</summary>
public sealed record AuditProblem(string Kind, string Where, string Message);

/// <summary>The stable problem identifiers.</summary>
public static class AuditProblemKinds
{
    public const string MissingFile = "missing-file";
    public const string Unreadable = "unreadable";
    public const string StaleRecipient = "stale-recipient";
    public const string NotSealedToTeam = "not-sealed-to-team";
    public const string RecipientCountMismatch = "recipient-count-mismatch";
    public const string UnknownSshRecipient = "unknown-ssh-recipient";
    public const string OrphanFile = "orphan-file";
    public const string Damaged = "damaged";
    public const string PlaintextInWorkingTree = "plaintext-in-working-tree";
    public const string PlaintextInHistory = "plaintext-in-history";
    public const string WrongSecret = "wrong-secret";
    public const string Undecryptable = "undecryptable";
    public const string BadRecipient = "bad-recipient";
    public const string DuplicateKey = "duplicate-key";
    public const string ManifestInvalid = "manifest-invalid";
}
