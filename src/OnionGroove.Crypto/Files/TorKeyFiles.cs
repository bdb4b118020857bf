namespace OnionGroove.Crypto;

/// <summary>tor's on-disk onion-service key formats (HiddenServiceDir) and Onionbalance's key file.</summary>
public static class TorKeyFiles
{
    public const string SecretKeyFileName = "hs_ed25519_secret_key";
    public const string PublicKeyFileName = "hs_ed25519_public_key";
    public const string HostnameFileName = "hostname";

    public static KeyFileResult<IdentitySecretKey> ReadSecretKey(string path) => throw new NotImplementedException();

    public static KeyFileResult<IdentitySecretKey> ParseSecretKey(ReadOnlySpan<byte> bytes) => throw new NotImplementedException();

    public static KeyFileResult<IdentityPublicKey> ReadPublicKey(string path) => throw new NotImplementedException();

    public static KeyFileResult<IdentityPublicKey> ParsePublicKey(ReadOnlySpan<byte> bytes) => throw new NotImplementedException();

    public static void WriteHiddenServiceDir(string directory, IdentitySecretKey key) => throw new NotImplementedException();

    public static KeyFileResult<IdentitySecretKey> ReadHiddenServiceDir(string directory) => throw new NotImplementedException();

    public static KeyFileResult<IdentitySecretKey> ParseOnionbalancePem(string text) => throw new NotImplementedException();

    public static KeyFileResult<IdentitySecretKey> ReadOnionbalanceKey(string path) => throw new NotImplementedException();
}
