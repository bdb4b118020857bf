namespace OnionGroove.Descriptors.FirstLayer;

/// <summary>An `auth-client` line (rend-spec-v3 §2.5.1.2): 8-byte client id, 16-byte IV, 16-byte encrypted cookie.</summary>
public sealed record AuthClient(byte[] ClientId, byte[] Iv, byte[] EncryptedCookie)
{
    public const int ClientIdLength = 8, IvLength = 16, CookieLength = 16;
}
