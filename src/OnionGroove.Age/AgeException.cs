namespace OnionGroove.Age;

/// <summary>The distinct ways an age operation can fail. Callers (and the CLI's exit codes) branch on
/// these, so they are never merged: a tampered header is not the same as "not your file".</summary>
public enum AgeFailureKind
{
    /// <summary>The header does not parse or a stanza addressed to a given identity is malformed.</summary>
    Header,
    /// <summary>The payload (STREAM) failed to authenticate, is truncated, or has trailing data.</summary>
    Payload,
    /// <summary>The ASCII armor is not strict PEM as the spec requires.</summary>
    Armor,
    /// <summary>The header is fine but none of the given identities can unwrap the file key.</summary>
    NoIdentityMatched,
    /// <summary>A file key was unwrapped but the header MAC does not match (tampered header).</summary>
    HeaderMac,
    /// <summary>A key, recipient or stanza type that this implementation does not support (e.g. post-quantum).</summary>
    Unsupported,
    /// <summary>A key or recipient string/file could not be parsed.</summary>
    InvalidKey,
}

/// <summary>Base of every age failure; <see cref="Kind"/> says which one.</summary>
public abstract class AgeException(AgeFailureKind kind, string message) : Exception(message)
{
    public AgeFailureKind Kind { get; } = kind;
}

public sealed class AgeHeaderException(string message) : AgeException(AgeFailureKind.Header, message);

public sealed class AgePayloadException(string message) : AgeException(AgeFailureKind.Payload, message);

public sealed class AgeArmorException(string message) : AgeException(AgeFailureKind.Armor, message);

public sealed class AgeHeaderMacException() : AgeException(AgeFailureKind.HeaderMac,
    "the header MAC does not match: the header was modified");

public sealed class AgeUnsupportedException(string message) : AgeException(AgeFailureKind.Unsupported, message);

public sealed class AgeInvalidKeyException(string message) : AgeException(AgeFailureKind.InvalidKey, message);

/// <summary>No identity could unwrap the file key. <see cref="Stanzas"/> describes what the header
/// holds (type and, where the type names one, the recipient tag) so the user can tell which key is needed.</summary>
public sealed class AgeNoIdentityMatchedException(IReadOnlyList<string> stanzas) : AgeException(
    AgeFailureKind.NoIdentityMatched,
    "no identity matched any of the file's recipients (" + string.Join(", ", stanzas) + ")")
{
    public IReadOnlyList<string> Stanzas { get; } = stanzas;
}
