using System.Security.Cryptography;
using OnionGroove.Crypto;
using OnionGroove.Crypto.Keys;

namespace OnionGroove.Control;

/// <summary>Overloads taking the crypto library's types instead of strings and bytes.</summary>
public sealed partial class TorController
{
    public Task DelOnionAsync(OnionAddress address, CancellationToken ct = default) => DelOnionAsync(address.ServiceId, ct);

    public Task HsFetchAsync(OnionAddress address, IEnumerable<string>? servers = null, CancellationToken ct = default) =>
        HsFetchAsync(address.ServiceId, servers, ct);

    public Task HsPostAsync(string descriptor, OnionAddress address, IEnumerable<string>? servers = null, CancellationToken ct = default) =>
        HsPostAsync(descriptor, servers, address.ServiceId, ct);

    public async Task OnionClientAuthAddAsync(OnionAddress address, ClientAuthSecretKey key, string? clientName = null,
        bool permanent = false, CancellationToken ct = default)
    {
        var secret = new byte[X25519SecretKey.Length];
        try
        {
            key.Key.ExportSecret(secret);
            await OnionClientAuthAddAsync(address.ServiceId, secret, clientName, permanent, ct).ConfigureAwait(false);
        }
        finally { CryptographicOperations.ZeroMemory(secret); }
    }

    public Task OnionClientAuthRemoveAsync(OnionAddress address, CancellationToken ct = default) =>
        OnionClientAuthRemoveAsync(address.ServiceId, ct);
}
