using OnionGroove.Control;

namespace OnionGroove.Balancer.Tor;

/// <summary>Builds an <see cref="INetworkView"/> from what tor knows (its consensus and
/// microdescriptors, read over the control port).</summary>
public interface INetworkViewSource
{
    /// <summary>The consensus' valid-after, cheap to ask; null when tor has no usable consensus.</summary>
    Task<DateTimeOffset?> ValidAfterAsync(TorController tor, CancellationToken ct);

    /// <summary>A full view, or null with a reason when the consensus is missing or unusable.</summary>
    Task<(INetworkView? View, string? Error)> LoadAsync(TorController tor, CancellationToken ct);
}
