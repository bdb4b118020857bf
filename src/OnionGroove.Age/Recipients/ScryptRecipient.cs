using System.Security.Cryptography;
using System.Text;
using OnionGroove.Age.Format;

namespace OnionGroove.Age.Recipients;

/// <summary>Passphrase encryption (spec "The scrypt recipient type"). Must be the only recipient.</summary>
public sealed class ScryptRecipient : IRecipient
{
    internal const string StanzaType = "scrypt";
    internal const string Label = "age-encryption.org/v1/scrypt";
    private readonly string _passphrase;

    public ScryptRecipient(string passphrase, int logN = 18)
    {
        if (passphrase.Length == 0) throw new ArgumentException("the passphrase is empty", nameof(passphrase));
        if (logN is < 1 or > 30) throw new ArgumentOutOfRangeException(nameof(logN), "the scrypt work factor is 1..30");
        _passphrase = passphrase;
        LogN = logN;
    }

    public int LogN { get; }

    internal static byte[] WrapKey(string passphrase, ReadOnlySpan<byte> salt, int logN)
    {
        var p = Encoding.UTF8.GetBytes(passphrase);
        try
        {
            return Scrypt.DeriveKey(p, [.. Encoding.ASCII.GetBytes(Label), .. salt], logN, 8, 1, 32);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(p);
        }
    }

    public IReadOnlyList<Stanza> Wrap(ReadOnlySpan<byte> fileKey)
    {
        var salt = RandomNumberGenerator.GetBytes(16);
        var body = AgeCrypto.WrapFileKey(WrapKey(_passphrase, salt, LogN), fileKey);
        return [new Stanza(StanzaType, [StrictBase64.EncodeRaw(salt), LogN.ToString(System.Globalization.CultureInfo.InvariantCulture)], body)];
    }

    public override string ToString() => $"scrypt (work factor 2^{LogN})";
}
