using System.Buffers.Binary;
using System.Net;

namespace OnionGroove.Descriptors.SecondLayer;

/// <summary>A link specifier (tor-spec §5.1.2 EXTEND2), as listed for an introduction point.</summary>
public abstract record LinkSpecifier(byte Type)
{
    public const byte TypeIPv4 = 0, TypeIPv6 = 1, TypeLegacyId = 2, TypeEd25519Id = 3;

    /// <summary>The LSPEC body (without type and length).</summary>
    public abstract byte[] Body();

    public sealed record IPv4(IPAddress Address, ushort Port) : LinkSpecifier(TypeIPv4)
    {
        public override byte[] Body() { var b = new byte[6]; Address.GetAddressBytes().CopyTo(b, 0); BinaryPrimitives.WriteUInt16BigEndian(b.AsSpan(4), Port); return b; }
        public override string ToString() => $"ipv4 {Address}:{Port}";
    }

    public sealed record IPv6(IPAddress Address, ushort Port) : LinkSpecifier(TypeIPv6)
    {
        public override byte[] Body() { var b = new byte[18]; Address.GetAddressBytes().CopyTo(b, 0); BinaryPrimitives.WriteUInt16BigEndian(b.AsSpan(16), Port); return b; }
        public override string ToString() => $"ipv6 [{Address}]:{Port}";
    }

    /// <summary>The relay's RSA identity fingerprint (SHA-1, 20 bytes).</summary>
    public sealed record LegacyId(byte[] Fingerprint) : LinkSpecifier(TypeLegacyId)
    {
        public override byte[] Body() => Fingerprint;
        public override string ToString() => $"legacy-id {Convert.ToHexString(Fingerprint)}";
        public bool Equals(LegacyId? o) => o is not null && Fingerprint.AsSpan().SequenceEqual(o.Fingerprint);
        public override int GetHashCode() => BinaryPrimitives.ReadInt32LittleEndian(Fingerprint);
    }

    /// <summary>The relay's ed25519 identity key.</summary>
    public sealed record Ed25519Id(byte[] Key) : LinkSpecifier(TypeEd25519Id)
    {
        public override byte[] Body() => Key;
        public override string ToString() => $"ed25519-id {Convert.ToBase64String(Key).TrimEnd('=')}";
        public bool Equals(Ed25519Id? o) => o is not null && Key.AsSpan().SequenceEqual(o.Key);
        public override int GetHashCode() => BinaryPrimitives.ReadInt32LittleEndian(Key);
    }

    /// <summary>A type we do not know; kept verbatim so re-encoding preserves it.</summary>
    public sealed record Unknown(byte SpecType, byte[] Data) : LinkSpecifier(SpecType)
    {
        public override byte[] Body() => Data;
        public override string ToString() => $"type-{SpecType} {Convert.ToHexStringLower(Data)}";
    }

    /// <summary>Parses NSPEC ‖ (LSTYPE ‖ LSLEN ‖ LSPEC)*, the decoded argument of `introduction-point`.</summary>
    public static IReadOnlyList<LinkSpecifier>? ParseList(ReadOnlySpan<byte> data, out string? error)
    {
        error = null;
        if (data.Length < 1) { error = "empty link specifier list"; return null; }
        int n = data[0], pos = 1;
        var list = new List<LinkSpecifier>(n);
        for (int i = 0; i < n; i++)
        {
            if (pos + 2 > data.Length) { error = $"link specifier {i + 1} truncated"; return null; }
            byte type = data[pos], len = data[pos + 1];
            pos += 2;
            if (pos + len > data.Length) { error = $"link specifier {i + 1} truncated"; return null; }
            var body = data.Slice(pos, len);
            pos += len;
            LinkSpecifier? ls = type switch
            {
                TypeIPv4 when len == 6 => new IPv4(new IPAddress(body[..4]), BinaryPrimitives.ReadUInt16BigEndian(body[4..])),
                TypeIPv6 when len == 18 => new IPv6(new IPAddress(body[..16]), BinaryPrimitives.ReadUInt16BigEndian(body[16..])),
                TypeLegacyId when len == 20 => new LegacyId(body.ToArray()),
                TypeEd25519Id when len == 32 => new Ed25519Id(body.ToArray()),
                TypeIPv4 or TypeIPv6 or TypeLegacyId or TypeEd25519Id => null,
                _ => new Unknown(type, body.ToArray()),
            };
            if (ls is null) { error = $"link specifier {i + 1} (type {type}) has bad length {len}"; return null; }
            list.Add(ls);
        }
        if (pos != data.Length) { error = "trailing bytes after the link specifiers"; return null; }
        return list;
    }

    public static byte[] EncodeList(IReadOnlyList<LinkSpecifier> specs)
    {
        if (specs.Count > 255) throw new ArgumentException("at most 255 link specifiers");
        var ms = new MemoryStream();
        ms.WriteByte((byte)specs.Count);
        foreach (var s in specs)
        {
            var body = s.Body();
            if (body.Length > 255) throw new ArgumentException("link specifier body too long");
            ms.WriteByte(s.Type); ms.WriteByte((byte)body.Length); ms.Write(body);
        }
        return ms.ToArray();
    }
}
