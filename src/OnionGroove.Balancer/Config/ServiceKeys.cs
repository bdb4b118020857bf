using OnionGroove.Core;
using OnionGroove.Crypto;
using OnionGroove.Crypto.Keys;
using OnionGroove.Crypto.Files;

namespace OnionGroove.Balancer.Config;

/// <summary>The key material one service needs, loaded from the files its config names: the
/// frontend identity key, the authorised clients' public keys, and client keys for backends that
/// are themselves client-auth protected. Dispose zeroes the secrets.</summary>
public sealed class ServiceKeys : IDisposable
{
    public required IdentitySecretKey Identity { get; init; }
    public required IReadOnlyList<ClientAuthPublicKey> AuthorizedClients { get; init; }
    /// <summary>Backend service id → the client key the balancer uses to decrypt its descriptor.</summary>
    public required IReadOnlyDictionary<ServiceId, ClientAuthSecretKey> BackendClientKeys { get; init; }

    public ServiceId ServiceId => new(Identity.Address);

    /// <summary>Loads every file of <paramref name="service"/>; problems carry the config lines.</summary>
    public static Result<ServiceKeys, IReadOnlyList<Problem>> Load(ServiceConfig service, string configFile)
    {
        var problems = new List<Problem>();
        void Add(int line, string message) => problems.Add(new Problem(message, line, Source: configFile));

        var identity = ReadIdentity(service.KeyPath, out var keyError);
        if (identity is null) Add(service.Line, $"cannot use the service key {service.KeyPath}: {keyError}");

        var clients = new List<ClientAuthPublicKey>();
        foreach (var file in service.AuthorizedClientFiles)
        {
            if (!TryReadText(file, out var text, out var err)) { Add(service.Line, $"authorized client {file}: {err}"); continue; }
            var line = text.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.Length > 0 && !l.StartsWith('#')) ?? "";
            if (ClientAuthPublicKey.TryParseAuthFileLine(line, out var key, out var perr)) clients.Add(key);
            else Add(service.Line, $"authorized client {file}: {perr}");
        }

        var backendKeys = new Dictionary<ServiceId, ClientAuthSecretKey>();
        foreach (var inst in service.Instances)
        {
            if (identity is not null && inst.Address == identity.Address.ServiceId)
                Add(inst.Line, "this instance is the frontend itself (did you list the frontend as a backend?)");
            if (inst.ClientKeyPath is not { } path) continue;
            if (!TryReadText(path, out var text, out var err)) { Add(inst.Line, $"client_key {path}: {err}"); continue; }
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
            identity?.Dispose();
            foreach (var k in backendKeys.Values) k.Dispose();
            return Result<ServiceKeys, IReadOnlyList<Problem>>.Failure(problems);
        }
        return new ServiceKeys { Identity = identity!, AuthorizedClients = clients, BackendClientKeys = backendKeys };
    }

    /// <summary>tor's <c>hs_ed25519_secret_key</c> (or a HiddenServiceDir), else Onionbalance's PEM.</summary>
    /// <summary>The frontend address a key file holds, or null when it cannot be read (the secret is zeroed at once).</summary>
    internal static string? ReadServiceId(string path)
    {
        using var key = ReadIdentity(path, out _);
        return key?.Address.ServiceId;
    }

    private static IdentitySecretKey? ReadIdentity(string path, out string? error)
    {
        error = null;
        if (Directory.Exists(path))
        {
            var dir = TorKeyFiles.ReadHiddenServiceDir(path);
            if (dir.IsSuccess) return dir.Value;
            error = dir.Error.ToString();
            return null;
        }
        if (!File.Exists(path)) { error = "no such file"; return null; }
        var tor = TorKeyFiles.ReadSecretKey(path);
        if (tor.IsSuccess) return tor.Value;
        var pem = TorKeyFiles.ReadOnionbalanceKey(path);
        if (pem.IsSuccess) return pem.Value;
        error = $"neither tor's hs_ed25519_secret_key format ({tor.Error}) nor Onionbalance's PEM ({pem.Error})";
        return null;
    }

    private static bool TryReadText(string path, out string text, out string? error)
    {
        text = "";
        error = null;
        try { text = File.ReadAllText(path); return true; }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { error = e.Message; return false; }
    }

    public void Dispose()
    {
        Identity.Dispose();
        foreach (var k in BackendClientKeys.Values) k.Dispose();
    }
}
