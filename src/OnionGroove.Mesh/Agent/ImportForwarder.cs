using System.Net;
using System.Net.Sockets;
using OnionGroove.Core;
using OnionGroove.Mesh.Config;
using OnionGroove.Mesh.Tor;

namespace OnionGroove.Mesh.Agent;

/// <summary>One import: a local TCP listener whose connections go to <c>remote.onion:port</c>
/// through tor's SOCKS port, and nowhere else (tor-only).</summary>
internal sealed class ImportForwarder : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private readonly Func<CancellationToken, Task<Result<IPEndPoint, Problem>>> _socks;
    private readonly Action<string> _log;
    private readonly TimeSpan _connectTimeout;

    public MeshImport Import { get; }
    public string Host { get; }

    private ImportForwarder(MeshImport import, string host, TcpListener listener, Func<CancellationToken, Task<Result<IPEndPoint, Problem>>> socks,
        Action<string> log, TimeSpan connectTimeout)
    {
        Import = import; Host = host; _listener = listener; _socks = socks; _log = log; _connectTimeout = connectTimeout;
        _loop = Task.Run(AcceptLoopAsync);
    }

    public static Result<ImportForwarder, Problem> Start(MeshImport import, string host, Func<CancellationToken, Task<Result<IPEndPoint, Problem>>> socks,
        Action<string> log, TimeSpan connectTimeout)
    {
        var listener = new TcpListener(import.Listen.EndPoint);
        try { listener.Start(); }
        catch (SocketException e) { return new Problem($"import {import.Remote}:{import.Port}: cannot listen on {import.Listen}: {e.Message}"); }
        return new ImportForwarder(import, host, listener, socks, log, connectTimeout);
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try { client = await _listener.AcceptTcpClientAsync(_stop.Token).ConfigureAwait(false); }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException) { break; }
            _ = Task.Run(() => ForwardAsync(client));
        }
    }

    private async Task ForwardAsync(TcpClient client)
    {
        using (client)
        {
            var ct = _stop.Token;
            try
            {
                if (!(await _socks(ct).ConfigureAwait(false)).TryGet(out var socks, out var noSocks))
                {
                    _log($"import {Import.Remote}:{Import.Port}: {noSocks.Message}");
                    return;
                }
                if (!(await TorSocks.ConnectAsync(socks, Host, Import.Port, _connectTimeout, ct).ConfigureAwait(false)).TryGet(out var remote, out var failure))
                {
                    _log($"import {Import.Remote}:{Import.Port}: {failure.Message}");
                    return;
                }
                await using (remote)
                    await StreamPump.RunAsync(client.GetStream(), remote, ct).ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException) { }
        }
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _listener.Stop();
        try { await _loop.ConfigureAwait(false); } catch (OperationCanceledException) { }
        _stop.Dispose();
    }
}
