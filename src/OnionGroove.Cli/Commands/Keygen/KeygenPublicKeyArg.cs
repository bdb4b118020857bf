using OnionGroove.Crypto;
using OnionGroove.Crypto.Files;
using OnionGroove.Crypto.Keys;

namespace OnionGroove.Cli.Commands.Keygen;

/// <summary>
/// What --from accepts: an onion address (with or without ".onion"), 64 hex digits of the raw
/// public key, an hs_ed25519_public_key file, or a HiddenServiceDir holding one.
/// </summary>
internal static class KeygenPublicKeyArg
{
    public static IdentityPublicKey Parse(string text)
    {
        var t = text.Trim();
        if (Directory.Exists(t))
        {
            var inDir = Path.Combine(t, TorKeyFiles.PublicKeyFileName);
            if (!File.Exists(inDir))
                throw new CliError(ExitCodes.BadInput, $"--from {t}: the folder has no {TorKeyFiles.PublicKeyFileName}");
            return ReadFile(inDir);
        }
        if (File.Exists(t)) return ReadFile(t);
        if (t.Length == 2 * IdentityPublicKey.Length && t.All(Uri.IsHexDigit))
        {
            return IdentityPublicKey.TryFromBytes(Convert.FromHexString(t), out var key, out var error)
                ? key
                : throw new CliError(ExitCodes.BadInput, $"--from: the hex key is not a valid ed25519 public key: {error}");
        }
        if (OnionAddress.TryParse(t, out var address, out var addressError)) return address.PublicKey;
        throw new CliError(ExitCodes.BadInput, $"--from {t}: not an onion address ({addressError}), nor 64 hex digits, nor a file or folder that exists",
            "give the address of the key, its hs_ed25519_public_key file or its HiddenServiceDir");
    }

    private static IdentityPublicKey ReadFile(string path) =>
        TorKeyFiles.ReadPublicKey(path).TryGet(out var key, out var problem)
            ? key
            : throw new CliError(ExitCodes.BadInput, $"--from {path}: {problem.Message}");
}
