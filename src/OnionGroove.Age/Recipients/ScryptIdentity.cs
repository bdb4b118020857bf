using OnionGroove.Age.Format;

namespace OnionGroove.Age.Recipients;

/// <summary>Decrypts passphrase-encrypted files. The work factor is capped (default 2^22, as the age
/// CLI) so a hostile file cannot make us compute for minutes.</summary>
public sealed class ScryptIdentity : IIdentity
{
    private readonly Func<string> _passphrase;
    private readonly int _maxLogN;

    public ScryptIdentity(string passphrase, int maxLogN = 22) : this(() => passphrase, maxLogN) { }

    /// <summary>The passphrase is asked for only when the file has an scrypt stanza.</summary>
    public ScryptIdentity(Func<string> passphrase, int maxLogN = 22)
    {
        _passphrase = passphrase;
        _maxLogN = maxLogN;
    }

    public byte[]? Unwrap(IReadOnlyList<Stanza> stanzas)
    {
        foreach (var s in stanzas)
        {
            if (s.Type != ScryptRecipient.StanzaType) continue;
            // The decryptor also checks this for every identity; repeated here so the identity is safe alone.
            if (stanzas.Count != 1) throw new AgeHeaderException("an scrypt stanza must be the only stanza in the header");
            if (s.Arguments.Count != 2) throw new AgeHeaderException("scrypt stanza must have exactly two arguments");
            if (!StrictBase64.TryDecodeRaw(s.Arguments[0], out var salt) || salt.Length != 16)
                throw new AgeHeaderException("scrypt salt is not canonical base64 of 16 bytes");
            var logN = ParseWorkFactor(s.Arguments[1]);
            if (logN > _maxLogN)
                throw new AgeHeaderException($"scrypt work factor 2^{logN} is above the limit 2^{_maxLogN}");
            if (s.Body.Length != AgeCrypto.FileKeySize + 16) throw new AgeHeaderException("scrypt stanza body has the wrong length");
            return AgeCrypto.UnwrapFileKey(ScryptRecipient.WrapKey(_passphrase(), salt, logN), s.Body);
        }
        return null;
    }

    /// <summary>^[1-9][0-9]*$ and small enough to be a work factor.</summary>
    private static int ParseWorkFactor(string text)
    {
        if (text.Length is 0 or > 2 || text[0] is < '1' or > '9' || text.Any(c => c is < '0' or > '9'))
            throw new AgeHeaderException("scrypt work factor is not a decimal number without leading zeros");
        return int.Parse(text, System.Globalization.CultureInfo.InvariantCulture);
    }
}
