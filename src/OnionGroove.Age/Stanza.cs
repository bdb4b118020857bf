namespace OnionGroove.Age;

/// <summary>One recipient stanza of an age header (spec "Recipient stanza"): a type, its further
/// arguments, and the binary body.</summary>
public sealed class Stanza
{
    public Stanza(string type, IReadOnlyList<string> arguments, byte[] body)
    {
        Type = type;
        Arguments = arguments;
        Body = body;
    }

    /// <summary>The first argument, e.g. "X25519", "scrypt", "ssh-ed25519".</summary>
    public string Type { get; }

    /// <summary>The arguments after the type.</summary>
    public IReadOnlyList<string> Arguments { get; }

    public byte[] Body { get; }

    /// <summary>A short description for "no identity matched" messages (type, plus the ssh key tag).</summary>
    public string Describe() => Type == "ssh-ed25519" && Arguments.Count > 0 ? $"ssh-ed25519 {Arguments[0]}" : Type;
}
