using System.Net;
using System.Net.Sockets;
using System.Text;

namespace OnionGroove.Balancer.Metrics;

/// <summary>A deliberately tiny HTTP/1.0 responder for <c>GET /metrics</c>: one short request per
/// connection, headers capped at 8 KiB and 5 s, nothing else served. Enough for Prometheus and
/// for <c>balancer status</c>, without pulling a web framework into the daemon.</summary>
public sealed class MetricsServer : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly Func<string> _render;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public IPEndPoint LocalEndPoint => (IPEndPoint)_listener.LocalEndpoint;

    private MetricsServer(TcpListener listener, Func<string> render)
    {
        _listener = listener;
        _render = render;
        _loop = Task.Run(AcceptLoop);
    }

    /// <summary>Starts listening on <paramref name="endpoint"/> (port 0 picks a free one).</summary>
    public static MetricsServer Start(IPEndPoint endpoint, Func<string> render)
    {
        var l = new TcpListener(endpoint);
        l.Start();
        return new MetricsServer(l, render);
    }

    private async Task AcceptLoop()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try { client = await _listener.AcceptTcpClientAsync(_stop.Token); }
            catch (OperationCanceledException) { return; }
            catch (ObjectDisposedException) { return; }
            catch (SocketException) { continue; }
            _ = Task.Run(() => Serve(client));
        }
    }

    private async Task Serve(TcpClient client)
    {
        using var _ = client;
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
        cts.CancelAfter(TimeSpan.FromSeconds(5));
        try
        {
            var stream = client.GetStream();
            var buf = new byte[8192];
            var n = 0;
            while (n < buf.Length)
            {
                var r = await stream.ReadAsync(buf.AsMemory(n), cts.Token);
                if (r == 0) break;
                n += r;
                if (buf.AsSpan(0, n).IndexOf("\r\n\r\n"u8) >= 0 || buf.AsSpan(0, n).IndexOf("\n\n"u8) >= 0) break;
            }
            var head = Encoding.ASCII.GetString(buf, 0, n);
            var first = head.Split('\n')[0].Trim().Split(' ');
            string status, body, type = "text/plain; charset=utf-8";
            if (first.Length >= 2 && first[0] == "GET" && (first[1] == "/metrics" || first[1] == "/"))
            {
                status = "200 OK"; body = _render(); type = PrometheusText.ContentType;
            }
            else { status = "404 Not Found"; body = "only GET /metrics is served here\n"; }
            var bytes = Encoding.UTF8.GetBytes(body);
            var header = $"HTTP/1.0 {status}\r\nContent-Type: {type}\r\nContent-Length: {bytes.Length}\r\nConnection: close\r\n\r\n";
            await stream.WriteAsync(Encoding.ASCII.GetBytes(header), cts.Token);
            await stream.WriteAsync(bytes, cts.Token);
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException) { }
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _listener.Stop();
        try { await _loop; } catch (OperationCanceledException) { }
        _stop.Dispose();
    }
}
