using System.Diagnostics.CodeAnalysis;

namespace OnionGroove.Descriptors.HsDir;

/// <summary>An HSDir as tor names it on the control port (HS_DESC's HsDir, HSPOST/HSFETCH
/// <c>SERVER=</c>): the relay's RSA identity fingerprint, 40 hex digits, upper case (control-spec
/// §2.4 "LongName" without its "~nickname"). The hash ring orders relays by their ed25519 id
/// (rend-spec-v3 §2.2.3) but the nodes it returns are named by this one.</summary>
public readonly struct HsDirId : IEquatable<HsDirId>, IComparable<HsDirId>
{
    public const int HexLength = 40;
    private readonly string? _hex;

    private HsDirId(string hex) => _hex = hex;

    /// <summary>The id of a ring node.</summary>
    public static HsDirId Of(OnionGroove.Descriptors.Consensus.HsDirNode node) => FromRsaIdentity(node.RsaIdentity);

    public static HsDirId FromRsaIdentity(ReadOnlySpan<byte> rsaIdentity) =>
        rsaIdentity.Length == HexLength / 2 ? new(Convert.ToHexString(rsaIdentity))
            : throw new ArgumentException($"an RSA identity digest has {HexLength / 2} bytes, not {rsaIdentity.Length}", nameof(rsaIdentity));

    /// <summary>Accepts <c>$FINGERPRINT~nickname</c>, <c>$FINGERPRINT=nickname</c>,
    /// <c>$FINGERPRINT</c> or the bare fingerprint, in any case.</summary>
    public static bool TryParse(string? name, out HsDirId id)
    {
        id = default;
        if (name is null) return false;
        var s = name.AsSpan().TrimStart('$');
        var cut = s.IndexOfAny('~', '=');
        if (cut >= 0) s = s[..cut];
        if (s.Length != HexLength || s.ContainsAnyExcept(HexDigits)) return false;
        id = new HsDirId(s.ToString().ToUpperInvariant());
        return true;
    }

    public static HsDirId Parse(string name) =>
        TryParse(name, out var id) ? id : throw new FormatException($"not an HSDir fingerprint: '{name}'");

    private static readonly System.Buffers.SearchValues<char> HexDigits =
        System.Buffers.SearchValues.Create("0123456789abcdefABCDEF");

    /// <summary>The 40 upper-case hex digits (what <c>$</c> is put before on the control port).</summary>
    public override string ToString() => _hex ?? "(no HSDir)";

    public bool Equals(HsDirId other) => string.Equals(_hex, other._hex, StringComparison.Ordinal);
    public override bool Equals([NotNullWhen(true)] object? obj) => obj is HsDirId other && Equals(other);
    public override int GetHashCode() => _hex is null ? 0 : StringComparer.Ordinal.GetHashCode(_hex);
    public int CompareTo(HsDirId other) => string.CompareOrdinal(_hex, other._hex);
    public static bool operator ==(HsDirId a, HsDirId b) => a.Equals(b);
    public static bool operator !=(HsDirId a, HsDirId b) => !a.Equals(b);
}
