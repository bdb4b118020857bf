using System.Security.Cryptography;
using OnionGroove.Age.Format;
using OnionGroove.Age.Recipients;

namespace OnionGroove.Age;

/// <summary>How the ciphertext is framed.</summary>
public enum AgeArmor
{
    /// <summary>Armored if it starts (after whitespace) with "-----BEGIN", else binary (what the age CLI does).</summary>
    Auto,
    Binary,
    Armored,
}

/// <summary>Decrypts age v1 files. Failures throw an <see cref="AgeException"/> subclass whose
/// <see cref="AgeException.Kind"/> tells header, payload, armor, MAC and no-match failures apart.</summary>
public static class AgeDecryptor
{
    /// <summary>Decrypts to output chunk by chunk. On a payload failure, the chunks that verified
    /// before it have already been written: callers writing files must discard the output on error.</summary>
    public static void Decrypt(Stream ciphertext, Stream output, IReadOnlyList<IIdentity> identities, AgeArmor armor = AgeArmor.Auto)
    {
        if (identities.Count == 0) throw new ArgumentException("at least one identity is needed", nameof(identities));
        var input = OpenInput(ciphertext, armor);
        var header = Header.Parse(input, out var error) ?? throw new AgeHeaderException(error!);

        if (header.Stanzas.Any(s => s.Type == ScryptRecipient.StanzaType) && header.Stanzas.Count != 1)
            throw new AgeHeaderException("an scrypt stanza must be the only stanza in the header");

        byte[]? fileKey = null;
        foreach (var identity in identities)
        {
            fileKey = identity.Unwrap(header.Stanzas);
            if (fileKey is not null) break;
        }
        if (fileKey is null) throw new AgeNoIdentityMatchedException(header.Stanzas.Select(s => s.Describe()).Distinct().ToList());
        try
        {
            if (!header.MacMatches(fileKey)) throw new AgeHeaderMacException();
            Span<byte> nonce = stackalloc byte[StreamPayload.NonceSize];
            if (input.ReadFull(nonce) != nonce.Length) throw new AgeHeaderException("file ends before the payload nonce");
            StreamPayload.Decrypt(fileKey, nonce, input, output);
            output.Flush();
        }
        finally
        {
            CryptographicOperations.ZeroMemory(fileKey);
        }
    }

    /// <summary>Decrypts into memory; nothing is returned unless the whole file verified.</summary>
    public static byte[] DecryptBytes(ReadOnlySpan<byte> ciphertext, IReadOnlyList<IIdentity> identities, AgeArmor armor = AgeArmor.Auto)
    {
        using var output = new MemoryStream();
        try
        {
            Decrypt(new MemoryStream(ciphertext.ToArray(), writable: false), output, identities, armor);
            return output.ToArray();
        }
        catch
        {
            CryptographicOperations.ZeroMemory(output.GetBuffer());
            throw;
        }
    }

    /// <summary>The stanza types in a file's header, without decrypting (for "who can read this?").</summary>
    public static IReadOnlyList<Stanza> ReadStanzas(Stream ciphertext, AgeArmor armor = AgeArmor.Auto)
    {
        var header = Header.Parse(OpenInput(ciphertext, armor), out var error) ?? throw new AgeHeaderException(error!);
        return header.Stanzas;
    }

    private static BufferedInput OpenInput(Stream ciphertext, AgeArmor armor)
    {
        if (armor == AgeArmor.Auto)
        {
            var peek = new PeekStream(ciphertext, 64);
            armor = ArmorReader.LooksArmored(peek.Head) ? AgeArmor.Armored : AgeArmor.Binary;
            ciphertext = peek;
        }
        return new BufferedInput(armor == AgeArmor.Armored ? new ArmorReader(ciphertext) : ciphertext);
    }
}
