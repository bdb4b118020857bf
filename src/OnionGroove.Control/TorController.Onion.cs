using System.Security.Cryptography;
using OnionGroove.Control.Onion;
using OnionGroove.Control.Protocol;

namespace OnionGroove.Control;

public sealed partial class TorController
{
    /// <summary>ADD_ONION (control-spec §3.27).</summary>
    public async Task<AddOnionResult> AddOnionAsync(AddOnionRequest request, CancellationToken ct = default)
    {
        var reply = await Connection.ExecuteAsync(request.ToCommandLine(), null, ct).ConfigureAwait(false);
        string? serviceId = null;
        OnionServiceKey? generated = null;
        foreach (var line in reply.Lines)
        {
            if (line.Text.StartsWith("ServiceID=", StringComparison.Ordinal)) serviceId = line.Text["ServiceID=".Length..];
            else if (line.Text.StartsWith("PrivateKey=", StringComparison.Ordinal))
            {
                if (!OnionServiceKey.TryParseBlob(line.Text["PrivateKey=".Length..], out var k))
                    throw new ControlProtocolException("ADD_ONION returned a private key that is not ED25519-V3");
                generated = k;
            }
        }
        if (serviceId is null || !IsServiceId(serviceId))
        {
            generated?.Dispose();
            throw new ControlProtocolException("ADD_ONION reply lacks a valid ServiceID");
        }
        return new AddOnionResult(serviceId, generated);
    }

    /// <summary>DEL_ONION (control-spec §3.28).</summary>
    public Task DelOnionAsync(string serviceId, CancellationToken ct = default) =>
        Connection.ExecuteAsync("DEL_ONION " + ServiceIdArgument(serviceId), null, ct);

    /// <summary>HSFETCH (control-spec §3.26): fetch a v3 descriptor, from the given HSDirs
    /// ("$FINGERPRINT" or long names) or from the responsible ones. Results arrive as HS_DESC and
    /// HS_DESC_CONTENT events.</summary>
    public Task HsFetchAsync(string serviceId, IEnumerable<string>? servers = null, CancellationToken ct = default) =>
        Connection.ExecuteAsync("HSFETCH " + ServiceIdArgument(serviceId) + ServerArguments(servers), null, ct);

    /// <summary>HSPOST (control-spec §3.29): upload a descriptor to the given HSDirs (or the
    /// responsible ones). With <paramref name="serviceId"/>, tor knows which v3 service it is for.
    /// Results arrive as HS_DESC UPLOADED/FAILED events.</summary>
    public Task HsPostAsync(string descriptor, IEnumerable<string>? servers = null, string? serviceId = null,
        CancellationToken ct = default)
    {
        var line = "HSPOST" + ServerArguments(servers) + (serviceId is null ? "" : " HSADDRESS=" + ServiceIdArgument(serviceId));
        return Connection.ExecuteAsync(line, descriptor, ct);
    }

    /// <summary>ONION_CLIENT_AUTH_ADD (control-spec §3.30): the client's x25519 secret key (32 bytes)
    /// for a service that needs v3 client authorization.</summary>
    public async Task OnionClientAuthAddAsync(string serviceId, ReadOnlyMemory<byte> x25519Secret, string? clientName = null,
        bool permanent = false, CancellationToken ct = default)
    {
        if (x25519Secret.Length != 32) throw new ArgumentException("an x25519 secret key is 32 bytes", nameof(x25519Secret));
        if (clientName is not null) ValidateWord(clientName, nameof(clientName));
        var blob = Convert.ToBase64String(x25519Secret.Span);
        var line = $"ONION_CLIENT_AUTH_ADD {ServiceIdArgument(serviceId)} x25519:{blob}"
                   + (clientName is null ? "" : " ClientName=" + clientName) + (permanent ? " Flags=Permanent" : "");
        await Connection.ExecuteAsync(line, null, ct).ConfigureAwait(false);
    }

    /// <summary>ONION_CLIENT_AUTH_REMOVE (control-spec §3.31).</summary>
    public Task OnionClientAuthRemoveAsync(string serviceId, CancellationToken ct = default) =>
        Connection.ExecuteAsync("ONION_CLIENT_AUTH_REMOVE " + ServiceIdArgument(serviceId), null, ct);

    /// <summary>A v3 service id: 56 base32 characters, with or without ".onion"; returned lower-case without it.</summary>
    internal static string ServiceIdArgument(string serviceId)
    {
        var id = serviceId.EndsWith(".onion", StringComparison.OrdinalIgnoreCase) ? serviceId[..^6] : serviceId;
        id = id.ToLowerInvariant();
        return IsServiceId(id) ? id : throw new ArgumentException($"not a v3 onion service id: {serviceId}", nameof(serviceId));
    }

    private static bool IsServiceId(string id) => id.Length == 56 && id.All(c => c is >= 'a' and <= 'z' or >= '2' and <= '7');

    private static string ServerArguments(IEnumerable<string>? servers)
    {
        if (servers is null) return "";
        var sb = new System.Text.StringBuilder();
        foreach (var s in servers)
        {
            ValidateWord(s.Replace("=", ""), nameof(servers));
            sb.Append(" SERVER=").Append(s);
        }
        return sb.ToString();
    }
}
