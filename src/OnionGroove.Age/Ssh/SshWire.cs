using System.Buffers.Binary;

namespace OnionGroove.Age.Ssh;

/// <summary>Reads the SSH wire encoding (RFC 4251 section 5): uint32 and length-prefixed strings.
/// Every read is bounds-checked and reports failure instead of throwing.</summary>
internal ref struct SshWireReader(ReadOnlySpan<byte> data)
{
    private ReadOnlySpan<byte> _rest = data;

    public readonly int Remaining => _rest.Length;
    public readonly ReadOnlySpan<byte> Rest => _rest;

    public bool TryReadUInt32(out uint value)
    {
        value = 0;
        if (_rest.Length < 4) return false;
        value = BinaryPrimitives.ReadUInt32BigEndian(_rest);
        _rest = _rest[4..];
        return true;
    }

    public bool TryReadString(out ReadOnlySpan<byte> value)
    {
        value = default;
        if (!TryReadUInt32(out var len) || len > (uint)_rest.Length) return false;
        value = _rest[..(int)len];
        _rest = _rest[(int)len..];
        return true;
    }

    public bool TryReadText(out string value)
    {
        value = "";
        if (!TryReadString(out var s)) return false;
        value = System.Text.Encoding.UTF8.GetString(s);
        return true;
    }
}

internal static class SshWire
{
    public static byte[] Ed25519PublicKeyBlob(ReadOnlySpan<byte> publicKey)
    {
        var type = "ssh-ed25519"u8;
        var blob = new byte[4 + type.Length + 4 + publicKey.Length];
        BinaryPrimitives.WriteUInt32BigEndian(blob, (uint)type.Length);
        type.CopyTo(blob.AsSpan(4));
        BinaryPrimitives.WriteUInt32BigEndian(blob.AsSpan(4 + type.Length), (uint)publicKey.Length);
        publicKey.CopyTo(blob.AsSpan(8 + type.Length));
        return blob;
    }

    /// <summary>Parses an ssh public key blob; the key type is returned even when it is not ed25519.</summary>
    public static bool TryParsePublicKeyBlob(ReadOnlySpan<byte> blob, out string keyType, out byte[] ed25519Key)
    {
        ed25519Key = [];
        var r = new SshWireReader(blob);
        if (!r.TryReadText(out keyType)) return false;
        if (keyType != "ssh-ed25519") return true;
        if (!r.TryReadString(out var key) || key.Length != 32 || r.Remaining != 0) return false;
        ed25519Key = key.ToArray();
        return true;
    }
}
