using OnionGroove.Crypto;
using OnionGroove.Descriptors.Consensus;
using OnionGroove.Descriptors.Encryption;
using OnionGroove.Crypto.Keys;

namespace OnionGroove.Descriptors.HsDir;

/// <summary>The two ring positions of rend-spec-v3 §2.2.3. Note the field order differs:
/// hs_index ends with (period_length, period_num), hsdir_index with (period_num, period_length).</summary>
public static class HsDirIndexes
{
    /// <summary>hs_index(replicanum) = SHA3-256("store-at-idx" ‖ blinded_public_key ‖ INT_8(replicanum) ‖ INT_8(period_length) ‖ INT_8(period_num)).</summary>
    public static byte[] HsIndex(BlindedPublicKey blindedKey, int replica, TimePeriod period) => HsIndex(blindedKey.AsSpan(), replica, period);

    /// <summary>The same over raw bytes: tor's test vector hashes 32 bytes that are not a curve point.</summary>
    internal static byte[] HsIndex(ReadOnlySpan<byte> blindedKey, int replica, TimePeriod period)
    {
        var prefix = "store-at-idx"u8;
        var buf = new byte[prefix.Length + blindedKey.Length + 24];
        prefix.CopyTo(buf);
        blindedKey.CopyTo(buf.AsSpan(prefix.Length));
        var w = buf.AsSpan(prefix.Length + blindedKey.Length);
        Primitives.WriteInt8(w, (ulong)replica);
        Primitives.WriteInt8(w[8..], (ulong)period.LengthMinutes);
        Primitives.WriteInt8(w[16..], (ulong)period.Number);
        return Primitives.Sha3(buf);
    }

    /// <summary>hsdir_index(node) = SHA3-256("node-idx" ‖ node_identity ‖ shared_random_value ‖ INT_8(period_num) ‖ INT_8(period_length)).</summary>
    public static byte[] HsDirIndex(ReadOnlySpan<byte> nodeEd25519Id, SharedRandomValue srv, TimePeriod period)
    {
        var prefix = "node-idx"u8;
        var buf = new byte[prefix.Length + nodeEd25519Id.Length + SharedRandomValue.Length + 16];
        prefix.CopyTo(buf);
        nodeEd25519Id.CopyTo(buf.AsSpan(prefix.Length));
        srv.AsSpan().CopyTo(buf.AsSpan(prefix.Length + nodeEd25519Id.Length));
        var w = buf.AsSpan(prefix.Length + nodeEd25519Id.Length + SharedRandomValue.Length);
        Primitives.WriteInt8(w, (ulong)period.Number);
        Primitives.WriteInt8(w[8..], (ulong)period.LengthMinutes);
        return Primitives.Sha3(buf);
    }
}
