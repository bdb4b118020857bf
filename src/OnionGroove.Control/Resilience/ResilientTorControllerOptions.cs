using OnionGroove.Control.Auth;
using OnionGroove.Control.Protocol;
using OnionGroove.Control.Transport;

namespace OnionGroove.Control.Resilience;

/// <summary>Settings for <see cref="ResilientTorController"/>.</summary>
public sealed record ResilientTorControllerOptions(ControlEndpoint Endpoint)
{
    public ControlAuth Auth { get; init; } = ControlAuth.Auto();

    /// <summary>Events enabled with SETEVENTS after every (re)connection.</summary>
    public IReadOnlyList<string> Events { get; init; } = [];

    public TimeSpan InitialBackoff { get; init; } = TimeSpan.FromMilliseconds(250);
    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromSeconds(30);
    public ControlLimits? Limits { get; init; }

    /// <summary>Runs after each successful connection, authentication and SETEVENTS, before the
    /// controller is handed to callers. The flag is true on reconnections: the moment to re-add
    /// onion services and republish descriptors, since a restarted tor forgot them. If it throws,
    /// that connection is dropped and the next attempt follows the back-off.</summary>
    public Func<TorController, bool, CancellationToken, Task>? OnConnected { get; init; }

    /// <summary>Told why a connection ended or a connection attempt failed (for logs).</summary>
    public Action<Exception>? OnDisconnected { get; init; }
}
