namespace OnionGroove.Age;

/// <summary>Something a file can be encrypted to: wraps the 16-byte file key into stanzas.</summary>
public interface IRecipient
{
    IReadOnlyList<Stanza> Wrap(ReadOnlySpan<byte> fileKey);
}

/// <summary>Something that can decrypt: finds a stanza addressed to it and unwraps the file key.</summary>
public interface IIdentity
{
    /// <summary>Returns the 16-byte file key, or null when no stanza is for this identity. Throws
    /// <see cref="AgeHeaderException"/> when a stanza of this identity's type is malformed (the spec
    /// says such headers MUST be rejected, not skipped).</summary>
    byte[]? Unwrap(IReadOnlyList<Stanza> stanzas);
}
