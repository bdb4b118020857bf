namespace OnionGroove.Descriptors.Parsing;

/// <summary>What went wrong with a descriptor, so callers can tell the sender's fault (malformed,
/// bad signature) from a key mismatch (wrong address, time period or client key).</summary>
public enum DescriptorErrorKind
{
    /// <summary>Not a well-formed document: a missing/duplicated/misplaced keyword, a bad argument.</summary>
    Malformed,
    /// <summary>A certificate is malformed, of the wrong type, expired or badly signed.</summary>
    BadCertificate,
    /// <summary>The descriptor signature does not verify (or the signature line is malformed).</summary>
    BadSignature,
    /// <summary>The certificate was not signed by the blinded key we expected (wrong address or time period).</summary>
    WrongBlindedKey,
    /// <summary>A layer's MAC does not match: wrong subcredential, or no/wrong client key.</summary>
    DecryptionFailed,
    /// <summary>The descriptor is larger than the network accepts.</summary>
    TooLarge,
}

/// <summary>A precise, positioned parse error. <see cref="Line"/> is 1-based, 0 when not tied to a line;
/// <see cref="Layer"/> names the document ("descriptor", "first layer", "second layer", "consensus").</summary>
public sealed record DescriptorError(DescriptorErrorKind Kind, string Layer, int Line, string Message)
{
    public override string ToString() => Line > 0 ? $"{Layer}, line {Line}: {Message}" : $"{Layer}: {Message}";

    internal static DescriptorError Malformed(string layer, int line, string message) => new(DescriptorErrorKind.Malformed, layer, line, message);
}
