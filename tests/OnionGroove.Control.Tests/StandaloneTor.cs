using OnionGroove.TestNetwork;
using OnionGroove.TestSupport;

namespace OnionGroove.Control.Tests;

/// <summary>A real Debian tor with DisableNetwork 1 (nothing leaves the host), in a private temp
/// folder, for control-port tests.</summary>
public sealed class StandaloneTor : IAsyncDisposable
{
    public TempDir Dir { get; }
    public TorProcess Tor { get; private set; }
    private readonly TorProcessOptions _options;

    private StandaloneTor(TempDir dir, TorProcess tor, TorProcessOptions options) { Dir = dir; Tor = tor; _options = options; }

    public static async Task<StandaloneTor> StartAsync(TorProcessOptions? options = null)
    {
        options ??= new TorProcessOptions();
        var dir = new TempDir("ogc");
        try
        {
            var tor = await TorProcess.StartAsync("t", dir["d"], Lines, options);
            return new StandaloneTor(dir, tor, options);
        }
        catch
        {
            dir.Dispose();
            throw;
        }
    }

    private static readonly string[] Lines = ["DisableNetwork 1", "AvoidDiskWrites 1"];

    /// <summary>Stops tor and starts it again on the same data directory (same socket and cookie paths).</summary>
    public async Task RestartAsync()
    {
        await Tor.DisposeAsync();
        Tor = await TorProcess.StartAsync("t", Dir["d"], Lines, _options);
    }

    public async ValueTask DisposeAsync()
    {
        await Tor.DisposeAsync();
        Dir.Dispose();
    }
}
