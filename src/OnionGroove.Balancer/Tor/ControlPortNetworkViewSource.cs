using OnionGroove.Control;

namespace OnionGroove.Balancer.Tor;

/// <summary>Builds the view from tor's consensus and microdescriptors (<see cref="TorConsensusReading"/>).</summary>
public sealed class ControlPortNetworkViewSource : INetworkViewSource
{
    public async Task<DateTimeOffset?> ValidAfterAsync(TorController tor, CancellationToken ct) =>
        (await tor.GetConsensusTimesAsync(ct)).TryGet(out var times, out _) ? times.ValidAfter : null;

    public async Task<(INetworkView? View, string? Error)> LoadAsync(TorController tor, CancellationToken ct) =>
        (await TorConsensusReading.ReadAsync(tor, ct)).TryGet(out var reading, out var error) ? (reading.View(), null) : (null, error);
}
