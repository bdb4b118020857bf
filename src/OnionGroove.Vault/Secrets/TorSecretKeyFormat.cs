using System.Security.Cryptography;
using System.Text;
using OnionGroove.Crypto;

namespace OnionGroove.Vault.Secrets;

/// <summary>
/// Onion identity keys are stored in the vault as the exact bytes of tor's
/// <c>hs_ed25519_secret_key</c> file: the 32-byte header "== ed25519v1-secret: type0 ==" padded
/// with NULs, then the 64-byte expanded secret key. So <c>age -d -i ID frontend.age &gt;
/// hs_ed25519_secret_key</c> yields a file tor accepts as is.
/// </summary>
public static class TorSecretKeyFormat
{
    public const int HeaderLength = 32;
    public const int ExpandedLength = 64;
    public const int FileLength = HeaderLength + ExpandedLength;

    private static readonly byte[] Header = MakeHeader();

    private static byte[] MakeHeader()
    {
        var h = new byte[HeaderLength];
        Encoding.ASCII.GetBytes("== ed25519v1-secret: type0 ==").CopyTo(h, 0);
        return h;
    }

    /// <summary>The ASCII tag that starts every tor secret key file (used by the plaintext scan).</summary>
    public static ReadOnlySpan<byte> Tag => Header.AsSpan(0, 29);

    /// <summary>Writes header ‖ expanded key into a new 96-byte buffer (caller zeroes it).</summary>
    public static byte[] Build(ReadOnlySpan<byte> expanded64)
    {
        if (expanded64.Length != ExpandedLength) throw new ArgumentException("an expanded key is 64 bytes", nameof(expanded64));
        var file = new byte[FileLength];
        Header.CopyTo(file, 0);
        expanded64.CopyTo(file.AsSpan(HeaderLength));
        return file;
    }

    /// <summary>Checks the header and length; on success <paramref name="expanded"/> views the key bytes.</summary>
    public static bool TryGetExpanded(ReadOnlySpan<byte> file, out ReadOnlySpan<byte> expanded, out string? error)
    {
        expanded = default;
        if (file.Length != FileLength)
        {
            error = $"expected a {FileLength}-byte tor secret key file, got {file.Length} bytes";
            return false;
        }
        if (!CryptographicOperations.FixedTimeEquals(file[..HeaderLength], Header))
        {
            error = "the decrypted secret is not a tor ed25519v1 secret key file";
            return false;
        }
        // A scalar that is 0 mod l (all zeros, or l itself) has no public key: IdentitySecretKey
        // refuses it with an ArgumentException, so it is refused here as bad input. TorKeyFiles
        // holds that check.
        var check = TorKeyFiles.ParseSecretKey(file);
        if (!check.IsSuccess)
        {
            error = $"the decrypted secret is not a usable tor secret key: {check.Error}";
            return false;
        }
        check.Value.Dispose();
        expanded = file.Slice(HeaderLength, ExpandedLength);
        error = null;
        return true;
    }
}
