using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using OnionGroove.Crypto.Encoding;
using OnionGroove.Crypto.Keys;

namespace OnionGroove.Crypto;

/// <summary>A v3 onion address (rend-spec-v3 §6 [ONIONADDRESS]):
/// base32(PUBKEY ‖ CHECKSUM ‖ VERSION) + ".onion", CHECKSUM = SHA3-256(".onion checksum" ‖
/// PUBKEY ‖ VERSION)[:2], VERSION = 0x03.</summary>
public readonly struct OnionAddress : IEquatable<OnionAddress>
{
    public const int ServiceIdLength = 56;
    public const byte Version = 3;
    private const string Suffix = ".onion";

    private static readonly System.Buffers.SearchValues<char> Base32Characters =
        System.Buffers.SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ234567");

    private readonly IdentityPublicKey? _key;

    internal OnionAddress(IdentityPublicKey key) => _key = key;

    /// <summary>The service's identity key (the address is just its encoding).</summary>
    public IdentityPublicKey PublicKey => _key ?? throw new InvalidOperationException("default(OnionAddress) has no key");

    /// <summary>The 56 base32 characters, lowercase, without ".onion" (tor's "ServiceID").</summary>
    public string ServiceId
    {
        get
        {
            Span<byte> raw = stackalloc byte[35];
            PublicKey.AsSpan().CopyTo(raw);
            Checksum(PublicKey.AsSpan(), raw.Slice(32, 2));
            raw[34] = Version;
            return Base32.Encode(raw);
        }
    }

    public override string ToString() => _key is null ? "(no address)" : ServiceId + Suffix;

    public static OnionAddress Parse(string text) =>
        TryParse(text, out var address, out var error) ? address : throw new FormatException($"invalid onion address: {error}");

    /// <summary>Parses "&lt;56 chars&gt;" or "&lt;56 chars&gt;.onion", any case. A host name with
    /// subdomains ("www.&lt;56&gt;.onion") is not an address; callers that accept host names
    /// should use <see cref="TryParseHost"/>.</summary>
    public static bool TryParse(string? text, out OnionAddress address, [NotNullWhen(false)] out string? error)
    {
        address = default;
        if (string.IsNullOrEmpty(text)) { error = "empty address"; return false; }
        var s = text.AsSpan();
        if (s.EndsWith(Suffix, StringComparison.OrdinalIgnoreCase)) s = s[..^Suffix.Length];
        if (s.Length != ServiceIdLength)
        {
            error = $"wrong length: {s.Length} characters, a v3 address has {ServiceIdLength} (plus optional \".onion\")";
            var bad = s.IndexOfAnyExcept(Base32Characters);
            if (bad >= 0) error += $"; '{s[bad]}' is not a base32 character";
            return false;
        }
        if (!Base32.TryDecode(s, out var raw, out var b32error))
        {
            error = b32error;
            return false;
        }
        // The checksum is computed as for version 3: when only the version differs, that is the
        // precise reason; when the checksum is wrong too, the text is simply not an address.
        Span<byte> expected = stackalloc byte[2];
        Checksum(raw.AsSpan(0, 32), expected);
        if (!expected.SequenceEqual(raw.AsSpan(32, 2)))
        {
            error = "checksum mismatch (mistyped address?)";
            return false;
        }
        if (raw[34] != Version)
        {
            error = $"unsupported version {raw[34]} (v3 addresses have version 3: \"d\" as the last character)";
            return false;
        }
        if (!IdentityPublicKey.TryFromBytes(raw.AsSpan(0, 32), out var key, out var keyError))
        {
            error = $"the address does not encode a valid ed25519 public key: {keyError}";
            return false;
        }
        address = new OnionAddress(key);
        error = null;
        return true;
    }

    /// <summary>Accepts a host name under an onion address ("www.&lt;56&gt;.onion") and returns
    /// the address; the subdomain is ignored as tor does for v3 hosts.</summary>
    public static bool TryParseHost(string? host, out OnionAddress address, [NotNullWhen(false)] out string? error)
    {
        address = default;
        if (string.IsNullOrEmpty(host)) { error = "empty host name"; return false; }
        var s = host.AsSpan();
        if (!s.EndsWith(Suffix, StringComparison.OrdinalIgnoreCase))
        {
            error = "host name does not end in .onion";
            return false;
        }
        s = s[..^Suffix.Length];
        var dot = s.LastIndexOf('.');
        return TryParse(s[(dot + 1)..].ToString(), out address, out error);
    }

    private static void Checksum(ReadOnlySpan<byte> publicKey, Span<byte> into)
    {
        Span<byte> input = stackalloc byte[15 + 32 + 1];
        System.Text.Encoding.ASCII.GetBytes(".onion checksum", input);
        publicKey.CopyTo(input[15..]);
        input[47] = Version;
        Span<byte> hash = stackalloc byte[32];
        SHA3_256.HashData(input, hash);
        hash[..2].CopyTo(into);
    }

    public bool Equals(OnionAddress other) => Equals(_key, other._key);
    public override bool Equals(object? obj) => obj is OnionAddress other && Equals(other);
    public override int GetHashCode() => _key?.GetHashCode() ?? 0;
    public static bool operator ==(OnionAddress a, OnionAddress b) => a.Equals(b);
    public static bool operator !=(OnionAddress a, OnionAddress b) => !a.Equals(b);
}
