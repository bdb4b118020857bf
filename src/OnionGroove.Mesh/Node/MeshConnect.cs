using System.Security.Cryptography;
using OnionGroove.Control;
using OnionGroove.Control.Protocol;
using OnionGroove.Core;
using OnionGroove.Mesh.Config;
using OnionGroove.Mesh.Tor;

namespace OnionGroove.Mesh.Node;

/// <summary>`mesh connect REMOTE PORT`: a stream to the remote's exported port through the node's
/// tor, for ssh's ProxyCommand. It gives tor the remote's client key itself
/// (ONION_CLIENT_AUTH_ADD, which replaces an existing one), so it works whether or not the agent
/// runs, as long as the node's tor does.</summary>
public static class MeshConnect
{
    public static async Task<Result<Stream, Problem>> OpenAsync(MeshNode node, string remoteName, int port, TimeSpan timeout, CancellationToken ct)
    {
        var config = node.Config;
        if (config.Anonymity != AnonymityMode.TorOnly) return new Problem("a single-hop node cannot connect to remotes: its tor is not a client");
        if (config.Remotes.FirstOrDefault(r => r.Name == remoteName) is not { } remote)
            return new Problem($"no remote '{new string(remoteName.Where(c => !char.IsControl(c)).Take(40).ToArray())}' (see oniongroove mesh remote list)");
        if (!node.ReadRemoteKey(remote).TryGet(out var key, out var keyProblem)) return keyProblem;
        var access = MeshTorAccess.For(node);
        System.Net.IPEndPoint socks;
        try
        {
            using var quick = CancellationTokenSource.CreateLinkedTokenSource(ct);
            quick.CancelAfter(TimeSpan.FromSeconds(15));
            await using var tor = await TorController.ConnectAsync(access.Endpoint, access.Auth, ct: quick.Token).ConfigureAwait(false);
            var secret = new byte[32];
            try
            {
                key.Key.ExportSecret(secret);
                await tor.OnionClientAuthAddAsync(remote.Address.ServiceId, secret, ct: quick.Token).ConfigureAwait(false);
            }
            finally { CryptographicOperations.ZeroMemory(secret); key.Dispose(); }
            if (!(await TorSocksListener.FindAsync(tor, quick.Token).ConfigureAwait(false)).TryGet(out socks!, out var noSocks)) return noSocks;
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested) { return new Problem($"tor at {access.Endpoint} did not answer within 15 s"); }
        catch (Exception e) when (e is IOException or System.Net.Sockets.SocketException or ControlProtocolException or ControlCommandException
                                      or Control.Auth.ControlAuthenticationException or UnauthorizedAccessException)
        {
            return new Problem($"cannot use the node's tor at {access.Endpoint}: {e.Message}" + (config.Tor.Launches ? " (is `oniongroove mesh agent run` running?)" : ""));
        }
        return (await TorSocks.ConnectAsync(socks, remote.Address.ToString(), port, timeout, ct).ConfigureAwait(false))
            .MapError(f => new Problem(f.Message));
    }
}
