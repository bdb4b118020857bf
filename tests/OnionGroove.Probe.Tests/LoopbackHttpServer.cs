using System.Net;
using System.Net.Sockets;
using System.Text;

namespace OnionGroove.Probe.Tests;

/// <summary>A minimal HTTP/1.1 server on 127.0.0.1 for an onion service to point at: answers every
/// request with 200 and a fixed body, a Date header included (the probe reads the clock skew off it).</summary>
public sealed class LoopbackHttpServer : IAsyncDisposable
{
    public const string Body = "oniongroove probe test page";
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private int _requests;

    public LoopbackHttpServer()
    {
        _listener.Start();
        _loop = Task.Run(AcceptAsync);
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;
    public int Requests => Volatile.Read(ref _requests);

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try { client = await _listener.AcceptTcpClientAsync(_stop.Token); }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException) { return; }
            _ = Task.Run(async () =>
            {
                using var _ = client;
                try
                {
                    var stream = client.GetStream();
                    var buf = new byte[8192];
                    var n = 0;
                    while (n < buf.Length && buf.AsSpan(0, n).IndexOf("\r\n\r\n"u8) < 0)
                    {
                        var r = await stream.ReadAsync(buf.AsMemory(n), _stop.Token);
                        if (r == 0) return;
                        n += r;
                    }
                    Interlocked.Increment(ref _requests);
                    var body = Encoding.ASCII.GetBytes(Body);
                    var head = $"HTTP/1.1 200 OK\r\nDate: {DateTimeOffset.UtcNow:R}\r\nContent-Type: text/plain\r\nContent-Length: {body.Length}\r\nConnection: close\r\n\r\n";
                    await stream.WriteAsync(Encoding.ASCII.GetBytes(head), _stop.Token);
                    await stream.WriteAsync(body, _stop.Token);
                }
                catch (Exception e) when (e is IOException or SocketException or OperationCanceledException) { }
            });
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _loop;
        _stop.Dispose();
    }
}
