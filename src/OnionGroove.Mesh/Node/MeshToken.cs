using System.Security.Cryptography;
using System.Text;
using OnionGroove.Core;
using OnionGroove.Crypto;
using OnionGroove.Crypto.Encoding;
using OnionGroove.Crypto.Keys;

namespace OnionGroove.Mesh.Node;

/// <summary>
/// What `mesh client add` hands to a client machine, one line:
/// <c>oniongroove-mesh1:&lt;service id&gt;:&lt;client secret&gt;:&lt;check&gt;</c>, where the service id is the
/// node's 56-character v3 address without ".onion", the client secret is the client's x25519
/// secret key in base32 (52 characters, the .auth_private form of rend-spec-v3
/// [CLIENT-AUTH-MGMT]) and the check is the first 5 bytes of SHA-256 over everything before it
/// (the ':' included), base32 (8 characters), so a mistyped or altered token is refused before it
/// is used. The version is part of the prefix: a later format gets a new one. Holds a secret: the
/// token text is only produced by <see cref="Export"/>, never by ToString.
/// </summary>
public sealed class MeshToken : IDisposable
{
    public const string Prefix = "oniongroove-mesh1";
    private const int CheckBytes = 5;

    public OnionAddress Node { get; }
    public ClientAuthSecretKey Key { get; }

    /// <summary>Takes ownership of <paramref name="key"/>.</summary>
    public MeshToken(OnionAddress node, ClientAuthSecretKey key) { Node = node; Key = key; }

    /// <summary>The token text. Contains the client's secret key.</summary>
    public string Export()
    {
        var body = $"{Prefix}:{Node.ServiceId}:{Key.ExportBase32()}";
        return body + ":" + Check(body);
    }

    /// <summary>Parses a token; the problem never quotes the secret.</summary>
    public static Result<MeshToken, Problem> Parse(string text)
    {
        var t = text.Trim();
        var fields = t.Split(':');
        if (fields.Length == 0 || !fields[0].StartsWith("oniongroove-mesh", StringComparison.OrdinalIgnoreCase))
            return new Problem($"not a mesh token (it starts with '{Prefix}:')");
        if (!string.Equals(fields[0], Prefix, StringComparison.OrdinalIgnoreCase))
            return new Problem($"a '{Safe(fields[0])}' token is a format this oniongroove does not know (it reads {Prefix})");
        if (fields.Length != 4)
            return new Problem($"a mesh token has 4 ':'-separated fields ({Prefix}:ADDRESS:KEY:CHECK), this one has {fields.Length}");
        var lower = string.Join(':', fields[..3]).ToLowerInvariant();
        lower = Prefix + lower[fields[0].Length..];
        if (!CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Check(lower)), Encoding.ASCII.GetBytes(fields[3].ToLowerInvariant())))
            return new Problem("the token's check does not match: it was altered or mistyped (copy it again in one piece)");
        if (!OnionAddress.TryParse(fields[1].ToLowerInvariant(), out var node, out var addressError))
            return new Problem($"the token's node address is not a v3 onion address: {addressError}");
        if (!ClientAuthSecretKey.TryFromBase32(fields[2].ToLowerInvariant(), out var key, out _))
            return new Problem("the token's client key is not an x25519 key in base32 (52 characters)");
        return new MeshToken(node, key);
    }

    private static string Check(string body)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.ASCII.GetBytes(body), hash);
        return Base32.Encode(hash[..CheckBytes]);
    }

    private static string Safe(string s) => new(s.Where(c => !char.IsControl(c)).Take(24).ToArray());

    public void Dispose() => Key.Dispose();

    public override string ToString() => $"MeshToken({Node}, client {Key.PublicKey.ToBase32()})";
}
