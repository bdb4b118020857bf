using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using OnionGroove.Core;
using OnionGroove.Crypto;
using OnionGroove.Descriptors.Certs;
using OnionGroove.Descriptors.Parsing;
using OnionGroove.Crypto.Keys;

namespace OnionGroove.Descriptors.Offline;

/// <summary>
/// The signing bundle file, version 1 (docs/offline-keys.md): ASCII lines ending in LF, in this exact order,
/// public facts in clear first, then per period the signing key's seed and its certificate (base64):
/// <code>
/// oniongroove-signing-bundle 1
/// address ADDRESS.onion
/// period-length MINUTES
/// rotation-offset MINUTES
/// periods FIRST LAST
/// created YYYY-MM-DDTHH:MM:SSZ
/// period N                     (FIRST, FIRST+1, …, LAST)
/// signing-key-seed BASE64      (32 bytes: the only secret)
/// signing-key-cert BASE64      (cert-spec type 08, signed by period N's blinded key)
/// end
/// </code>
/// <see cref="Parse"/> never throws on input: it returns the first problem with its line, and accepts a bundle
/// only if every certificate chains to the blinded key of its period derived from the address.
/// </summary>
public static class SigningBundleFormat
{
    public const string Magic = "oniongroove-signing-bundle";
    public const int Version = 1;
    public const string Layer = "signing bundle";
    /// <summary>Bounds for hostile files: ~11 years of daily periods, a few days of a test network's minutes-long ones.</summary>
    public const int MaxPeriods = 4096;
    public const int MaxBytes = 1 << 20;
    private const int MaxPeriodMinutes = 14400; // rend-spec-v3 §2.2.1: hsdir-interval is at most 10 days
    private const long MaxMinutes = 3_786_000_000; // about the year 9000, in minutes since the epoch

    public static byte[] Write(SigningBundle bundle)
    {
        var sb = new StringBuilder();
        var first = bundle.First;
        sb.Append(Magic).Append(' ').Append(Version).Append('\n');
        sb.Append("address ").Append(bundle.Address).Append('\n');
        sb.Append("period-length ").Append(first.LengthMinutes).Append('\n');
        sb.Append("rotation-offset ").Append(first.RotationOffsetMinutes).Append('\n');
        sb.Append("periods ").Append(first.Number).Append(' ').Append(bundle.Last.Number).Append('\n');
        sb.Append("created ").Append(bundle.Created.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)).Append('\n');
        foreach (var p in bundle.Periods)
        {
            sb.Append("period ").Append(p.Period.Number).Append('\n');
            sb.Append("signing-key-seed ").Append(Convert.ToBase64String(p.Seed)).Append('\n');
            sb.Append("signing-key-cert ").Append(Convert.ToBase64String(p.Certificate.Encoded)).Append('\n');
        }
        sb.Append("end\n");
        // The seeds pass through this string; .NET strings cannot be zeroed, the returned bytes can (the caller's job).
        return Encoding.ASCII.GetBytes(sb.ToString());
    }

    public static Result<SigningBundle, DescriptorError> Parse(ReadOnlySpan<byte> data)
    {
        if (data.Length > MaxBytes) return new DescriptorError(DescriptorErrorKind.TooLarge, Layer, 0, $"{data.Length} bytes, over the {MaxBytes}-byte limit");
        for (var i = 0; i < data.Length; i++)
            if (data[i] is not ((>= 0x20 and < 0x7f) or (byte)'\n'))
                return DescriptorError.Malformed(Layer, data[..i].Count((byte)'\n') + 1, $"byte 0x{data[i]:x2} is not printable ASCII (not a signing bundle, or damaged)");
        if (data.Length == 0 || data[^1] != '\n') return DescriptorError.Malformed(Layer, 0, "truncated: the file does not end with a newline");
        var lines = Encoding.ASCII.GetString(data[..^1]).Split('\n');
        var reader = new Reader(lines);
        var periods = new List<BundlePeriod>();
        try
        {
            var result = Read(reader, periods);
            if (result is { } error) { foreach (var p in periods) p.Dispose(); return error; }
            return reader.Bundle!;
        }
        finally
        {
            reader.Clear();
        }
    }

    private static DescriptorError? Read(Reader r, List<BundlePeriod> periods)
    {
        if (!r.Next(Magic, out var v)) return DescriptorError.Malformed(Layer, 1, $"not a signing bundle: the first line must be '{Magic} {Version}'");
        if (v != "1") return DescriptorError.Malformed(Layer, 1, $"unsupported bundle version '{v}' (this oniongroove reads version {Version})");
        if (!r.Next("address", out var addressText)) return r.Error;
        if (!OnionAddress.TryParse(addressText, out var address, out var addressError)) return DescriptorError.Malformed(Layer, r.Line, $"bad address: {addressError}");
        if (!r.Next("period-length", out var lengthText)) return r.Error;
        if (!Number(lengthText, 1, MaxPeriodMinutes, out var length)) return DescriptorError.Malformed(Layer, r.Line, $"period-length must be 1–{MaxPeriodMinutes} minutes");
        if (!r.Next("rotation-offset", out var offsetText)) return r.Error;
        if (!Number(offsetText, 0, length, out var offset)) return DescriptorError.Malformed(Layer, r.Line, "rotation-offset must be 0 to the period length, in minutes");
        if (!r.Next("periods", out var rangeText)) return r.Error;
        var range = rangeText.Split(' ');
        if (range.Length != 2 || !Number(range[0], 0, uint.MaxValue, out var first) || !Number(range[1], 0, uint.MaxValue, out var last) || last < first)
            return DescriptorError.Malformed(Layer, r.Line, "periods must be 'FIRST LAST' with FIRST ≤ LAST");
        if (last - first + 1 > MaxPeriods) return DescriptorError.Malformed(Layer, r.Line, $"{last - first + 1} periods, over the limit of {MaxPeriods}");
        // Times up to the last certificate's expiry must be representable (DateTimeOffset ends in 9999).
        if ((last + 3) * length + offset > MaxMinutes) return DescriptorError.Malformed(Layer, r.Line, $"period {last} of {length} minutes ends after the year 9000");
        if (!r.Next("created", out var createdText)) return r.Error;
        if (!DateTimeOffset.TryParseExact(createdText, "yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var created))
            return DescriptorError.Malformed(Layer, r.Line, "created must be YYYY-MM-DDTHH:MM:SSZ");

        var identity = address.PublicKey;
        for (var n = first; n <= last; n++)
        {
            if (!r.Next("period", out var numberText)) return r.Error;
            if (!Number(numberText, 0, uint.MaxValue, out var number)) return DescriptorError.Malformed(Layer, r.Line, "bad period number");
            if (number != n) return DescriptorError.Malformed(Layer, r.Line, $"period {number} where period {n} was expected (periods must be consecutive, {first}–{last})");
            if (!r.Next("signing-key-seed", out var seedText)) return r.Error;
            var seed = r.Secret(Bytes(seedText, 32));
            if (seed is null) return DescriptorError.Malformed(Layer, r.Line, $"period {n}: signing-key-seed must be 32 bytes of base64");
            if (!r.Next("signing-key-cert", out var certText)) return r.Error;
            var certLine = r.Line;
            var encoded = Bytes(certText, -1);
            if (encoded is null) return DescriptorError.Malformed(Layer, certLine, $"period {n}: signing-key-cert is not base64");
            var period = new TimePeriod(n, (int)length, (int)offset);
            var check = CheckCertificate(identity, period, seed, encoded, certLine, out var cert, out var signingKey);
            if (check is not null) return check;
            periods.Add(new BundlePeriod(period, seed.ToArray(), signingKey!, cert!));
        }
        if (!r.Next("end", out var endText)) return r.Error;
        if (endText.Length != 0) return DescriptorError.Malformed(Layer, r.Line, "'end' takes no argument");
        if (!r.AtEnd) return DescriptorError.Malformed(Layer, r.Line + 1, "text after 'end'");
        r.Bundle = new SigningBundle(identity, created, periods);
        return null;
    }

    /// <summary>The certificate must be type 08 for an ed25519 key, name and be signed by the period's blinded key,
    /// certify the seed's public key, and expire exactly when <see cref="CertificateWindow"/> says.</summary>
    private static DescriptorError? CheckCertificate(IdentityPublicKey identity, TimePeriod period, byte[] seed, byte[] encoded, int line,
        out TorCert? cert, out Ed25519PublicKey? signingKey)
    {
        signingKey = null;
        var n = period.Number;
        cert = TorCert.Parse(encoded, out var error);
        if (cert is null) return new DescriptorError(DescriptorErrorKind.BadCertificate, Layer, line, $"period {n}: {error}");
        if (cert.Type != CertType.HsV3DescSigning || cert.CertKeyType != TorCert.KeyTypeEd25519)
            return new DescriptorError(DescriptorErrorKind.BadCertificate, Layer, line, $"period {n}: certificate type {cert.CertTypeValue:x2} (key type {cert.CertKeyType}); a descriptor signing key certificate is type 08 for an ed25519 key");
        var blinded = identity.Blind(period);
        if (cert.SigningKey is not { } signer || !signer.AsSpan().SequenceEqual(blinded.AsSpan()))
            return new DescriptorError(DescriptorErrorKind.WrongBlindedKey, Layer, line, $"period {n}: the certificate is not issued by this address's blinded key for period {n}");
        if (!cert.VerifySignature(blinded.AsSpan()))
            return new DescriptorError(DescriptorErrorKind.BadSignature, Layer, line, $"period {n}: the certificate's signature does not verify under the blinded key");
        using (var keypair = DescriptorSigningKeypair.FromSeed(seed))
        {
            if (!keypair.PublicKey.AsSpan().SequenceEqual(cert.CertifiedKey))
                return new DescriptorError(DescriptorErrorKind.BadCertificate, Layer, line, $"period {n}: the certificate certifies another key than the signing-key-seed's");
            signingKey = keypair.PublicKey;
        }
        var expected = CertificateWindow.ExpirationHours(period);
        if (cert.ExpirationHours != expected)
            return new DescriptorError(DescriptorErrorKind.BadCertificate, Layer, line,
                $"period {n}: the certificate expires at {cert.Expires:yyyy-MM-dd HH:mm}Z, not at {CertificateWindow.Expires(period):yyyy-MM-dd HH:mm}Z as the period's validity rule requires");
        return null;
    }

    /// <summary>Canonical decimal only (no sign, no leading zeros), so one bundle has one text.</summary>
    private static bool Number(string text, long min, long max, out long value)
    {
        value = 0;
        if (text.Length is 0 or > 19 || (text.Length > 1 && text[0] == '0') || !text.All(char.IsAsciiDigit)) return false;
        return long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value) && value >= min && value <= max;
    }

    /// <summary>Padded standard base64 as <see cref="Write"/> makes it; <paramref name="length"/> −1 for any length.</summary>
    private static byte[]? Bytes(string text, int length)
    {
        if (text.Length > MaxBytes) return null;
        var buffer = new byte[text.Length];
        if (!Convert.TryFromBase64String(text, buffer, out var written) || (length >= 0 && written != length)) { CryptographicOperations.ZeroMemory(buffer); return null; }
        var bytes = buffer[..written];
        CryptographicOperations.ZeroMemory(buffer);
        if (Convert.ToBase64String(bytes) != text) { CryptographicOperations.ZeroMemory(bytes); return null; }
        return bytes;
    }

    /// <summary>Reads keyword lines in order; remembers the secrets it decoded so they are zeroed at the end.</summary>
    private sealed class Reader(string[] lines)
    {
        private readonly List<byte[]> _secrets = [];
        private int _next;

        public int Line => _next; // 1-based number of the line last read
        public bool AtEnd => _next >= lines.Length;
        public DescriptorError? Error { get; private set; }
        public SigningBundle? Bundle { get; set; }

        public bool Next(string keyword, out string argument)
        {
            argument = "";
            if (AtEnd) { Error = DescriptorError.Malformed(Layer, _next + 1, $"truncated: '{keyword}' expected, the file ends"); return false; }
            var line = lines[_next++];
            if (line == keyword) return true;
            if (line.StartsWith(keyword + " ", StringComparison.Ordinal)) { argument = line[(keyword.Length + 1)..]; return true; }
            var got = line.Split(' ', 2)[0];
            Error = DescriptorError.Malformed(Layer, _next, $"'{keyword}' expected, found '{(got.Length > 40 ? got[..40] + "…" : got)}'");
            return false;
        }

        public byte[]? Secret(byte[]? bytes)
        {
            if (bytes is not null) _secrets.Add(bytes);
            return bytes;
        }

        public void Clear()
        {
            foreach (var s in _secrets) CryptographicOperations.ZeroMemory(s);
        }
    }
}
