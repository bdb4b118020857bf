using System.Security.Cryptography;
using OnionGroove.Crypto.Keys;

namespace OnionGroove.Control.Onion;

/// <summary>The key argument of ADD_ONION (control-spec §3.27): either "NEW:ED25519-V3", or an
/// existing v3 identity key as tor's ED25519-V3 blob — base64 of the 64-byte expanded secret key
/// (clamped scalar ‖ PRF secret). Holds a secret: zeroed on dispose, never printed.</summary>
public sealed class OnionServiceKey : IDisposable
{
    private const int ExpandedLength = 64;
    private readonly byte[]? _expanded;

    private OnionServiceKey(byte[]? expanded) => _expanded = expanded;

    /// <summary>Ask tor to generate a new ED25519-V3 key.</summary>
    public static OnionServiceKey New() => new(null);

    /// <summary>An existing key in tor's expanded form (the same bytes as in hs_ed25519_secret_key after its header).</summary>
    public static OnionServiceKey FromExpanded(ReadOnlySpan<byte> expanded64)
    {
        if (expanded64.Length != ExpandedLength)
            throw new ArgumentException($"an expanded ed25519 key is {ExpandedLength} bytes", nameof(expanded64));
        return new OnionServiceKey(expanded64.ToArray());
    }

    /// <summary>From an identity key of the crypto library.</summary>
    public static OnionServiceKey FromSecretKey(OnionGroove.Crypto.Keys.IdentitySecretKey key)
    {
        var buffer = new byte[ExpandedLength];
        key.ExportExpanded(buffer);
        return new OnionServiceKey(buffer);
    }

    public bool IsNew => _expanded is null;

    /// <summary>Copies the expanded secret key out (only for a key that is not <see cref="IsNew"/>).</summary>
    public void ExportExpanded(Span<byte> destination)
    {
        if (_expanded is null) throw new InvalidOperationException("a NEW key has no bytes");
        _expanded.CopyTo(destination);
    }

    internal static bool TryParseBlob(string keyTypeAndBlob, out OnionServiceKey key)
    {
        key = New();
        const string prefix = "ED25519-V3:";
        if (!keyTypeAndBlob.StartsWith(prefix, StringComparison.Ordinal)) return false;
        var bytes = new byte[ExpandedLength + 3];
        if (!Convert.TryFromBase64String(keyTypeAndBlob[prefix.Length..], bytes, out var n) || n != ExpandedLength)
        {
            CryptographicOperations.ZeroMemory(bytes);
            return false;
        }
        key = new OnionServiceKey(bytes[..ExpandedLength]);
        CryptographicOperations.ZeroMemory(bytes);
        return true;
    }

    /// <summary>The argument as ADD_ONION wants it. Contains the secret: only for the wire.</summary>
    internal string ToArgument() =>
        _expanded is null ? "NEW:ED25519-V3" : "ED25519-V3:" + Convert.ToBase64String(_expanded);

    public void Dispose()
    {
        if (_expanded is not null) CryptographicOperations.ZeroMemory(_expanded);
    }

    public override string ToString() => IsNew ? "OnionServiceKey(NEW)" : "OnionServiceKey(ED25519-V3, secret)";
}
