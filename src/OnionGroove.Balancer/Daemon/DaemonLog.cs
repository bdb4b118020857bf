namespace OnionGroove.Balancer.Daemon;

/// <summary>One line per event on stderr (systemd's journal adds its own timestamps, but a plain
/// terminal or log file needs them). Never given key material.</summary>
public sealed class DaemonLog(TextWriter writer)
{
    private readonly Lock _lock = new();

    public void Write(string message)
    {
        lock (_lock)
        {
            writer.WriteLine($"{DateTimeOffset.UtcNow:yyyy-MM-ddTHH:mm:ss.fffZ} balancer: {message}");
            writer.Flush();
        }
    }
}
