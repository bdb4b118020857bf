using OnionGroove.Core;
using OnionGroove.Descriptors.Parsing;

namespace OnionGroove.Descriptors.FirstLayer;

/// <summary>The decrypted `superencrypted` layer (rend-spec-v3 §2.5.1.2): client-auth data and the encrypted
/// second layer. Tor pads it with NULs to a multiple of 10 000 bytes; stem pads differently; both are accepted
/// (the document ends at the first NUL).</summary>
public sealed class FirstLayerDocument
{
    public const string Layer = "first layer";
    public const string AuthTypeX25519 = "x25519";

    private static readonly KeywordRule[] Rules =
    [
        new("desc-auth-type", Occurrence.ExactlyOnce, 1),
        new("desc-auth-ephemeral-key", Occurrence.ExactlyOnce, 1),
        new("auth-client", Occurrence.AtLeastOnce, 3),
        new("encrypted", Occurrence.ExactlyOnce, 0, 0, ObjectRule.Required, "MESSAGE"),
    ];

    public required string AuthType { get; init; }
    /// <summary>KP_hs_desc_ephem, the service's ephemeral x25519 public key.</summary>
    public required byte[] EphemeralKey { get; init; }
    public required IReadOnlyList<AuthClient> AuthClients { get; init; }
    /// <summary>The encrypted second layer (salt ‖ ciphertext ‖ MAC).</summary>
    public required byte[] Encrypted { get; init; }
    /// <summary>Length of the plaintext including padding.</summary>
    public int PlaintextLength { get; init; }

    public static Result<FirstLayerDocument, DescriptorError> Parse(ReadOnlySpan<byte> plaintext)
    {
        int nul = plaintext.IndexOf((byte)0);
        var text = nul >= 0 ? plaintext[..nul] : plaintext;
        if (nul >= 0 && plaintext[nul..].ContainsAnyExcept((byte)0))
            return DescriptorError.Malformed(Layer, 0, "non-NUL bytes after the NUL padding");
        if (!NetDocTokenizer.Tokenize(text, Layer).TryGet(out var items, out var err)) return err;
        if (KeywordRules.Check(items, Rules, Layer, items.Count == 0 ? 0 : items[^1].Line) is { } ruleErr) return ruleErr;
        if (items[0].Keyword != "desc-auth-type")
            return DescriptorError.Malformed(Layer, items[0].Line, "must start with \"desc-auth-type\"");

        var authType = items.First(i => i.Keyword == "desc-auth-type");
        if (authType.Args[0] != AuthTypeX25519)
            return DescriptorError.Malformed(Layer, authType.Line, $"unsupported desc-auth-type \"{NetDocTokenizer.Printable(authType.Args[0])}\"");
        var eph = items.First(i => i.Keyword == "desc-auth-ephemeral-key");
        if (Base64.Decode(eph.Args[0], 32) is not { } ephKey)
            return DescriptorError.Malformed(Layer, eph.Line, "desc-auth-ephemeral-key is not a base64 32-byte key");
        var clients = new List<AuthClient>();
        foreach (var ac in items.Where(i => i.Keyword == "auth-client"))
        {
            var id = Base64.Decode(ac.Args[0], AuthClient.ClientIdLength);
            var iv = Base64.Decode(ac.Args[1], AuthClient.IvLength);
            var cookie = Base64.Decode(ac.Args[2], AuthClient.CookieLength);
            if (id is null || iv is null || cookie is null)
                return DescriptorError.Malformed(Layer, ac.Line, "auth-client needs base64 client-id (8 bytes), iv (16) and encrypted-cookie (16)");
            clients.Add(new AuthClient(id, iv, cookie));
        }
        return new FirstLayerDocument
        {
            AuthType = AuthTypeX25519,
            EphemeralKey = ephKey,
            AuthClients = clients,
            Encrypted = items.First(i => i.Keyword == "encrypted").Object!.Data,
            PlaintextLength = plaintext.Length,
        };
    }
}
