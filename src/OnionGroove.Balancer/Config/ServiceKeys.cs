using OnionGroove.Core;
using OnionGroove.Core.IO;
using OnionGroove.Crypto;
using OnionGroove.Crypto.Keys;
using OnionGroove.Balancer.Signing;

namespace OnionGroove.Balancer.Config;

/// <summary>The key material one service needs, loaded from the files its config names: what the
/// frontend signs with (its identity key, or a signing bundle and then only its public identity key),
/// the authorised clients' public keys, and client keys for backends that are themselves client-auth
/// protected. Dispose zeroes the secrets.</summary>
public sealed class ServiceKeys : IDisposable
{
    /// <summary>The only thing the service can sign descriptors with (see <see cref="FrontendSigner"/>).</summary>
    public required FrontendSigner Signer { get; init; }
    public required IReadOnlyList<ClientAuthPublicKey> AuthorizedClients { get; init; }
    /// <summary>Backend service id → the client key the balancer uses to decrypt its descriptor.</summary>
    public required IReadOnlyDictionary<ServiceId, ClientAuthSecretKey> BackendClientKeys { get; init; }

    public ServiceId ServiceId => new(Signer.Address);

    /// <summary>Loads every file of <paramref name="service"/>; problems carry the config lines.
    /// <paramref name="now"/> (default: the clock) is when a signing bundle must be usable (see <paramref name="use"/>).</summary>
    public static Result<ServiceKeys, IReadOnlyList<Problem>> Load(ServiceConfig service, string configFile, DateTimeOffset? now = null,
        BundleUse use = BundleUse.MustCoverNow)
    {
        var problems = new List<Problem>();
        void Add(int line, string message) => problems.Add(new Problem(message, line, Source: configFile));

        var signer = FrontendKeyFile.Read(service.KeyPath, now ?? DateTimeOffset.UtcNow, out var keyError, use);
        if (signer is null) Add(service.Line, keyError!);
        // The config may name the frontend's address (our extension): the key or bundle must be for it,
        // so a bundle of another site dropped in place is refused rather than published.
        else if (service.FrontendAddress is { } expected && expected != signer.Address.ServiceId)
            Add(service.Line, $"{service.KeyPath} is for {signer.Address}, not for the configured address {expected}.onion");

        var clients = new List<ClientAuthPublicKey>();
        foreach (var file in service.AuthorizedClientFiles)
        {
            if (!ReadText(file).TryGet(out var text, out var err)) { Add(service.Line, $"authorized client {file}: {err}"); continue; }
            var line = text.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.Length > 0 && !l.StartsWith('#')) ?? "";
            if (ClientAuthPublicKey.TryParseAuthFileLine(line, out var key, out var perr)) clients.Add(key);
            else Add(service.Line, $"authorized client {file}: {perr}");
        }

        var backendKeys = new Dictionary<ServiceId, ClientAuthSecretKey>();
        foreach (var inst in service.Instances)
        {
            if (signer is not null && inst.Address == signer.Address.ServiceId)
                Add(inst.Line, "this instance is the frontend itself (did you list the frontend as a backend?)");
            if (inst.ClientKeyPath is not { } path) continue;
            if (!ReadText(path).TryGet(out var text, out var err)) { Add(inst.Line, $"client_key {path}: {err}"); continue; }
            var line = text.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.Length > 0) ?? "";
            if (!ClientAuthSecretKey.TryParseAuthPrivateLine(line, out var addr, out var key, out var perr))
                Add(inst.Line, $"client_key {path}: {perr}");
            else if (addr.ServiceId != inst.Address)
            {
                Add(inst.Line, $"client_key {path} is for {addr}, not for this instance");
                key.Dispose();
            }
            else backendKeys[new ServiceId(addr)] = key;
        }

        if (problems.Count > 0)
        {
            signer?.Dispose();
            foreach (var k in backendKeys.Values) k.Dispose();
            return Result<ServiceKeys, IReadOnlyList<Problem>>.Failure(problems);
        }
        return new ServiceKeys { Signer = signer!, AuthorizedClients = clients, BackendClientKeys = backendKeys };
    }

    /// <summary>A one-line key file: small, regular (never a FIFO or device a path could name).</summary>
    private static Result<string, SafeReadError> ReadText(string path) =>
        SafeFile.Read(path, MaxKeyFileBytes, followLink: true).Map(b => System.Text.Encoding.UTF8.GetString(b));

    private const int MaxKeyFileBytes = 64 * 1024;

    /// <summary>The frontend address a key file or bundle holds, or null when it cannot be read.</summary>
    internal static string? ReadServiceId(string path) => FrontendKeyFile.ReadServiceId(path);

    public void Dispose()
    {
        Signer.Dispose();
        foreach (var k in BackendClientKeys.Values) k.Dispose();
    }
}
