using System.Globalization;

namespace OnionGroove.Demo.Capacity;

/// <summary>One backend tor's own view of its onion service, read from tor's MetricsPort
/// (Prometheus text; tor's hs_metrics_entry.c names): the suggested PoW effort it computes every
/// 5 minutes (HS_UPDATE_PERIOD), the requests waiting in its PoW queue and the introductions it
/// received. tor writes them for every service (0 while the defence is off); a missing one reads as null.</summary>
public sealed record BackendPowMetrics(double? SuggestedEffort, double? QueueLength, double? Introductions)
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(10) };

    /// <summary>The torrc lines that make a backend tor serve its metrics on 127.0.0.1:<paramref name="port"/>.</summary>
    public static IEnumerable<string> TorrcLines(int port) => [$"MetricsPort 127.0.0.1:{port}", "MetricsPortPolicy accept 127.0.0.1"];

    /// <summary>Reads the page; null when tor does not answer.</summary>
    public static async Task<BackendPowMetrics?> ReadAsync(int port, CancellationToken ct)
    {
        try
        {
            var text = await Http.GetStringAsync(new Uri($"http://127.0.0.1:{port}/metrics"), ct);
            return Parse(text);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
        {
            return null;
        }
    }

    public static BackendPowMetrics Parse(string text) =>
        new(Sum(text, "tor_hs_pow_suggested_effort"), Sum(text, "tor_hs_rdv_pow_pqueue_count"), Sum(text, "tor_hs_intro_num_total"));

    /// <summary>The sum of every sample of <paramref name="name"/> (one per onion service and label set), null if none.</summary>
    private static double? Sum(string text, string name)
    {
        double? sum = null;
        foreach (var line in text.Split('\n'))
        {
            if (!line.StartsWith(name, StringComparison.Ordinal) || line.Length == name.Length || line[name.Length] is not ('{' or ' ')) continue;
            var value = line[(line.LastIndexOf(' ') + 1)..].Trim();
            if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var v)) sum = (sum ?? 0) + v;
        }
        return sum;
    }
}
