using OnionGroove.Core.IO;
using System.Security.Cryptography;
using OnionGroove.Core;
using OnionGroove.Crypto;

namespace OnionGroove.Descriptors.Offline;

/// <summary>Reads and verifies a signing bundle file (<see cref="SigningBundleFormat"/>).</summary>
public static class SigningBundleFile
{
    /// <summary>The verified bundle, or the problem with the file. Followed symlinks are fine, but
    /// never a FIFO or device, and never more than the format allows; the bytes read, which hold
    /// the signing keys' seeds, are zeroed once parsed.</summary>
    public static Result<SigningBundle, Problem> Read(string path)
    {
        if (!SafeFile.Read(path, SigningBundleFormat.MaxBytes + 1, followLink: true).TryGet(out var bytes, out var error))
            return new Problem($"cannot read {path}: {error.Message}");
        try
        {
            return SigningBundleFormat.Parse(bytes).TryGet(out var bundle, out var invalid)
                ? bundle
                : new Problem($"invalid {invalid}", Source: path);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(bytes);
        }
    }
}
