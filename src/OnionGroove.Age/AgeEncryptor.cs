using System.Security.Cryptography;
using OnionGroove.Age.Format;
using OnionGroove.Age.Recipients;

namespace OnionGroove.Age;

/// <summary>Encrypts to one or more recipients (age v1), streaming in constant memory.</summary>
public static class AgeEncryptor
{
    public static void Encrypt(Stream plaintext, Stream output, IReadOnlyList<IRecipient> recipients, bool armor = false)
    {
        if (recipients.Count == 0) throw new ArgumentException("at least one recipient is needed", nameof(recipients));
        // Passphrase files must be readable by the passphrase alone (spec "scrypt recipient stanza").
        if (recipients.Count > 1 && recipients.Any(r => r is ScryptRecipient))
            throw new ArgumentException("a passphrase (scrypt) recipient must be the only recipient", nameof(recipients));

        var fileKey = RandomNumberGenerator.GetBytes(AgeCrypto.FileKeySize);
        try
        {
            var stanzas = new List<Stanza>();
            foreach (var r in recipients) stanzas.AddRange(r.Wrap(fileKey));
            var header = Header.Encode(stanzas, fileKey);
            if (armor)
            {
                var armored = new ArmorWriter(output);
                armored.Write(header);
                StreamPayload.Encrypt(fileKey, plaintext, armored);
                armored.Finish();
            }
            else
            {
                output.Write(header);
                StreamPayload.Encrypt(fileKey, plaintext, output);
            }
            output.Flush();
        }
        finally
        {
            CryptographicOperations.ZeroMemory(fileKey);
        }
    }

    public static byte[] EncryptBytes(ReadOnlySpan<byte> plaintext, IReadOnlyList<IRecipient> recipients, bool armor = false)
    {
        var input = plaintext.ToArray();
        try
        {
            using var output = new MemoryStream();
            Encrypt(new MemoryStream(input, writable: false), output, recipients, armor);
            return output.ToArray();
        }
        finally
        {
            CryptographicOperations.ZeroMemory(input);
        }
    }
}
