namespace OnionGroove.Descriptors.Parsing;

/// <summary>An object attached to an item (dir-spec §1.2): "-----BEGIN LABEL-----", base64, "-----END LABEL-----".</summary>
public sealed record NetDocObject(string Label, byte[] Data);

/// <summary>One item of a directory-style document: a keyword line and an optional object.
/// <see cref="Offset"/> is the byte offset of the keyword line (signatures cover raw bytes).</summary>
public sealed record NetDocItem(string Keyword, IReadOnlyList<string> Args, NetDocObject? Object, int Line, int Offset)
{
    public string ArgsText => string.Join(' ', Args);
}
