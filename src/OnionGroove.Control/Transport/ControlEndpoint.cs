using OnionGroove.Core;
using System.Net;
using System.Net.Sockets;

namespace OnionGroove.Control.Transport;

/// <summary>Where tor's control port listens: <c>127.0.0.1:9051</c>, <c>[::1]:9051</c>, or a Unix
/// socket <c>unix:/run/tor/control</c> (the same spelling tor's ControlPort option uses).</summary>
public sealed record ControlEndpoint
{
    public IPEndPoint? Tcp { get; }
    public string? UnixPath { get; }

    private ControlEndpoint(IPEndPoint? tcp, string? unixPath) { Tcp = tcp; UnixPath = unixPath; }

    public static ControlEndpoint ForTcp(IPEndPoint endPoint) => new(endPoint, null);
    public static ControlEndpoint ForTcp(IPAddress address, int port) => new(new IPEndPoint(address, port), null);
    public static ControlEndpoint ForUnix(string path) =>
        string.IsNullOrEmpty(path) ? throw new ArgumentException("empty socket path", nameof(path)) : new(null, path);

    /// <summary><c>ADDRESS:PORT</c> (IPv6 in brackets) or <c>unix:/path</c>, as torrc and our config write it.</summary>
    public static Result<ControlEndpoint, Problem> Parse(string text)
    {
        if (text.StartsWith("unix:", StringComparison.Ordinal))
        {
            var path = text[5..];
            if (path.Length == 0) return new Problem("unix: needs a socket path");
            // sockaddr_un holds 108 bytes including the terminating NUL.
            if (path.Length > 107) return new Problem("unix socket path longer than 107 bytes");
            return new ControlEndpoint(null, path);
        }
        if (IPEndPoint.TryParse(text, out var ep) && ep.Port != 0 && text.Contains(':') && (ep.AddressFamily == AddressFamily.InterNetwork || text.StartsWith('[')))
            return new ControlEndpoint(ep, null);
        return new Problem($"not a control endpoint (want ADDRESS:PORT or unix:/path): {text}");
    }

    /// <summary>Opens the socket and returns a stream that owns it.</summary>
    public async Task<Stream> ConnectAsync(CancellationToken ct)
    {
        Socket socket;
        EndPoint target;
        if (UnixPath is not null)
        {
            socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            target = new UnixDomainSocketEndPoint(UnixPath);
        }
        else
        {
            socket = new Socket(Tcp!.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            target = Tcp;
        }
        try
        {
            await socket.ConnectAsync(target, ct).ConfigureAwait(false);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    public override string ToString() => UnixPath is not null ? "unix:" + UnixPath : Tcp!.ToString();
}
