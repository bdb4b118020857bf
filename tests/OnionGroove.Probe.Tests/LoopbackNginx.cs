using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace OnionGroove.Probe.Tests;

/// <summary>A real nginx on 127.0.0.1 in a temporary prefix, stopped by its pid: a clearnet twin per
/// given header line (or none), each on its own port; or an HTTPS server with a given certificate.</summary>
internal sealed class LoopbackNginx : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _prefix;

    public IReadOnlyList<int> Ports { get; }

    private LoopbackNginx(Process process, string prefix, IReadOnlyList<int> ports) => (_process, _prefix, Ports) = (process, prefix, ports);

    public static Task<LoopbackNginx> StartAsync(IReadOnlyList<string?> headerLines)
    {
        var ports = headerLines.Select(_ => FreePort()).ToList();
        return StartServersAsync(ports, [.. headerLines.Select((h, i) =>
            $"server {{ listen 127.0.0.1:{ports[i]}; location / {{ {(h is null ? "" : h + " ")}return 200 \"clearnet twin\\n\"; }} }}")]);
    }

    /// <summary>An HTTPS server on <paramref name="port"/> presenting the certificate in the given PEM files.</summary>
    public static Task<LoopbackNginx> StartTlsAsync(int port, string certificatePem, string keyPem) =>
        StartServersAsync([port], [$"server {{ listen 127.0.0.1:{port} ssl; ssl_certificate {certificatePem}; ssl_certificate_key {keyPem}; "
                                   + "location / { return 200 \"onion over https\\n\"; } }"]);

    private static async Task<LoopbackNginx> StartServersAsync(IReadOnlyList<int> ports, IReadOnlyList<string> serverBlocks)
    {
        var prefix = Directory.CreateTempSubdirectory("og-nginx-").FullName;
        Directory.CreateDirectory(Path.Combine(prefix, "logs"));
        var servers = string.Join("\n", serverBlocks.Select(b => "  " + b));
        var conf = Path.Combine(prefix, "nginx.conf");
        await File.WriteAllTextAsync(conf, $$"""
            worker_processes 1;
            error_log {{prefix}}/logs/error.log;
            pid {{prefix}}/nginx.pid;
            events { worker_connections 64; }
            http {
              access_log off;
              client_body_temp_path {{prefix}}/body; proxy_temp_path {{prefix}}/proxy; fastcgi_temp_path {{prefix}}/fastcgi;
              uwsgi_temp_path {{prefix}}/uwsgi; scgi_temp_path {{prefix}}/scgi;
            {{servers}}
            }
            """);
        var psi = new ProcessStartInfo("nginx") { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var a in new[] { "-p", prefix, "-c", conf, "-g", "daemon off;" }) psi.ArgumentList.Add(a);
        var process = Process.Start(psi)!;
        var nginx = new LoopbackNginx(process, prefix, ports);
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!ports.All(Listening))
        {
            if (process.HasExited) throw new InvalidOperationException($"nginx exited: {await process.StandardError.ReadToEndAsync()}");
            if (DateTime.UtcNow > deadline) throw new TimeoutException("nginx did not listen within 20 s");
            await Task.Delay(50);
        }
        return nginx;
    }

    private static bool Listening(int port)
    {
        try { using var c = new TcpClient(); c.Connect(IPAddress.Loopback, port); return true; }
        catch (SocketException) { return false; }
    }

    public static int FreePort()
    {
        var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        var p = ((IPEndPoint)l.LocalEndpoint).Port;
        l.Stop();
        return p;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
        try { Directory.Delete(_prefix, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
