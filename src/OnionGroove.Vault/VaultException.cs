namespace OnionGroove.Vault;

/// <summary>What went wrong, so the CLI can choose its exit code and callers can react.</summary>
public enum VaultErrorKind
{
    /// <summary>Something else failed.</summary>
    Failure,
    /// <summary>The request itself is wrong (unknown site, duplicate name, bad recipient).</summary>
    Usage,
    /// <summary>A vault file is malformed, truncated or tampered with.</summary>
    BadInput,
    /// <summary>No available identity can decrypt a secret.</summary>
    NoIdentity,
    /// <summary>git (or another program) failed or a remote could not be reached.</summary>
    External,
    /// <summary>A git conflict or uncommitted edit needs a person's decision.</summary>
    Conflict,
}

/// <summary>A vault operation failed; the vault on disk is unchanged (operations roll back).</summary>
public sealed class VaultException(VaultErrorKind kind, string message, params string[] hints) : Exception(message)
{
    public VaultErrorKind Kind { get; } = kind;
    public IReadOnlyList<string> Hints { get; } = hints;
}
