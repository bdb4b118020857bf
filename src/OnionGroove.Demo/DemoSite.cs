using System.Net;
using System.Net.Sockets;
using System.Text;

namespace OnionGroove.Demo;

/// <summary>A tiny HTTP responder on 127.0.0.1 that says which backend it is, and counts requests.
/// Enough for a demo and for tests to see which backend a client reached.</summary>
public sealed class DemoSite : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private int _hits;

    public string Name { get; }
    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;
    public int Hits => Volatile.Read(ref _hits);

    public DemoSite(string name)
    {
        Name = name;
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        _loop = Task.Run(AcceptAsync);
    }

    /// <summary>The marker a page carries, for finding out who answered.</summary>
    public static string Marker(string name) => $"served by backend {name}";

    /// <summary>Which backend served <paramref name="body"/>, or null.</summary>
    public static string? WhoServed(string body)
    {
        var i = body.IndexOf("served by backend ", StringComparison.Ordinal);
        if (i < 0) return null;
        var rest = body[(i + 18)..];
        var end = rest.IndexOfAny(['<', '\n', ' ']);
        return end < 0 ? rest : rest[..end];
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient c;
            try { c = await _listener.AcceptTcpClientAsync(_stop.Token); }
            catch (Exception) { return; }
            _ = Task.Run(async () =>
            {
                using var _ = c;
                try
                {
                    var s = c.GetStream();
                    var buf = new byte[4096];
                    var n = 0;
                    using var cts = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
                    cts.CancelAfter(TimeSpan.FromSeconds(10));
                    while (n < buf.Length)
                    {
                        var r = await s.ReadAsync(buf.AsMemory(n), cts.Token);
                        if (r == 0) break;
                        n += r;
                        if (buf.AsSpan(0, n).IndexOf("\r\n\r\n"u8) >= 0) break;
                    }
                    Interlocked.Increment(ref _hits);
                    var body = $"<!doctype html><title>OnionGroove demo</title><h1>Hello from the onion</h1><p>{Marker(Name)}</p>\n";
                    var bytes = Encoding.UTF8.GetBytes(body);
                    var head = $"HTTP/1.0 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {bytes.Length}\r\nConnection: close\r\n\r\n";
                    await s.WriteAsync(Encoding.ASCII.GetBytes(head), cts.Token);
                    await s.WriteAsync(bytes, cts.Token);
                }
                catch (Exception e) when (e is IOException or SocketException or OperationCanceledException) { }
            });
        }
    }

    private int _disposed;

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1) return;
        _stop.Cancel();
        _listener.Stop();
        try { await _loop; } catch (Exception) { }
        _stop.Dispose();
    }
}
