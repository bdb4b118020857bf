using OnionGroove.Crypto;
using OnionGroove.TestNetwork;

namespace OnionGroove.Demo;

/// <summary>One demo backend: its site and its tor.</summary>
public sealed class DemoBackend(string name, OnionAddress address, DemoSite site, TorProcess tor) : IAsyncDisposable
{
    public string Name { get; } = name;
    public OnionAddress Address { get; } = address;
    public DemoSite Site { get; } = site;
    public TorProcess Tor { get; } = tor;

    /// <summary>Stops the backend's tor (by pid) and its site: the backend is gone.</summary>
    public async Task KillAsync()
    {
        await Tor.DisposeAsync();
        await Site.DisposeAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await Tor.DisposeAsync();
        await Site.DisposeAsync();
    }
}
