using System.Net;
using System.Net.Sockets;
using System.Text;
using OnionGroove.Control.Transport;

namespace OnionGroove.Control.Tests;

/// <summary>A scripted control-port peer on 127.0.0.1 for negative tests (malformed or missing
/// replies) that a real tor would never produce. For each command line received, the script
/// returns the raw bytes to answer with (null: say nothing).</summary>
public sealed class FakeControlServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly Func<string, string?> _script;
    private readonly TaskCompletionSource<NetworkStream> _client = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public List<string> Received { get; } = [];
    public ControlEndpoint Endpoint => ControlEndpoint.ForTcp((IPEndPoint)_listener.LocalEndpoint);

    public FakeControlServer(Func<string, string?> script)
    {
        _script = script;
        _listener.Start();
        _loop = Task.Run(LoopAsync);
    }

    /// <summary>Sends bytes unprompted (events, garbage).</summary>
    public async Task SendAsync(string raw)
    {
        var s = await _client.Task;
        await s.WriteAsync(Encoding.UTF8.GetBytes(raw));
    }

    private async Task LoopAsync()
    {
        try
        {
            using var client = await _listener.AcceptTcpClientAsync(_stop.Token);
            var stream = client.GetStream();
            _client.SetResult(stream);
            using var reader = new StreamReader(stream, Encoding.UTF8);
            while (await reader.ReadLineAsync(_stop.Token) is { } line)
            {
                lock (Received) Received.Add(line);
                if (line.StartsWith('+'))
                    while (await reader.ReadLineAsync(_stop.Token) is { } data && data != ".") lock (Received) Received.Add(data);
                if (_script(line) is { } answer) await stream.WriteAsync(Encoding.UTF8.GetBytes(answer), _stop.Token);
            }
        }
        catch (Exception) { /* test over */ }
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _listener.Stop();
        try { await _loop; } catch (Exception) { }
    }
}
