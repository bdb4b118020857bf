using System.Net;
using System.Net.Sockets;
using System.Text;

namespace OnionGroove.TestNetwork.Tests;

/// <summary>An HTTP responder on 127.0.0.1 that answers every request with a fixed body: the
/// backend behind a test onion service.</summary>
public sealed class TinyHttpServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private int _requests;

    public string Body { get; }
    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;
    public int Requests => Volatile.Read(ref _requests);

    public TinyHttpServer(string body)
    {
        Body = body;
        _listener.Start();
        _loop = Task.Run(LoopAsync);
    }

    private async Task LoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try { client = await _listener.AcceptTcpClientAsync(_stop.Token); }
            catch (Exception) { return; }
            _ = Task.Run(async () =>
            {
                using var c = client;
                try
                {
                    var stream = c.GetStream();
                    var buffer = new byte[4096];
                    var seen = new StringBuilder();
                    while (!seen.ToString().Contains("\r\n\r\n"))
                    {
                        var n = await stream.ReadAsync(buffer, _stop.Token);
                        if (n == 0) return;
                        seen.Append(Encoding.ASCII.GetString(buffer, 0, n));
                    }
                    Interlocked.Increment(ref _requests);
                    var body = Encoding.UTF8.GetBytes(Body);
                    var head = Encoding.ASCII.GetBytes($"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: {body.Length}\r\nConnection: close\r\n\r\n");
                    await stream.WriteAsync(head, _stop.Token);
                    await stream.WriteAsync(body, _stop.Token);
                }
                catch (Exception) { /* client went away */ }
            });
        }
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _listener.Stop();
        try { await _loop; } catch (Exception) { }
        _stop.Dispose();
    }
}
