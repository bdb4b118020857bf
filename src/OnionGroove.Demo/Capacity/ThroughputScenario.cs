using System.Diagnostics;
using System.Net;
using OnionGroove.Crypto.Files;
using OnionGroove.Crypto.Keys;
using OnionGroove.TestNetwork;

namespace OnionGroove.Demo.Capacity;

/// <summary>Scenario "throughput": requests per second and latency through ONE backend tor (an onion
/// service in front of <see cref="DemoSite"/>, a tiny HTTP responder on 127.0.0.1) as the number of
/// concurrent visitors grows. Each visitor is a worker with its own SOCKS username, so tor gives it
/// its own rendezvous circuit (IsolateSOCKSAuth), and sends requests one after another on new streams
/// of that circuit (the responder closes each connection). A visitor's first request, which builds
/// the circuit, is timed apart and not counted in the window. CPU-seconds of the backend tor, the
/// client tor and all tors of the network are read from /proc over each window.</summary>
public static class ThroughputScenario
{
    public sealed record Parameters(IReadOnlyList<int> Streams, TimeSpan Window, int Rounds)
    {
        public static readonly Parameters Default = new([1, 4, 16, 64], TimeSpan.FromSeconds(20), 2);
    }

    public static readonly IReadOnlyList<string> Columns =
    [
        "round", "streams", "requests", "errors", "req_per_s", "p50_ms", "p90_ms", "p99_ms", "circuit_p50_ms",
        "backend_cpu_ms_per_circuit", "backend_tor_cpu_s", "backend_cpu_ms_per_req", "client_tor_cpu_s", "all_tors_cpu_s", "backend_rss_mib", "load",
    ];

    public static async Task<CapacityReport> RunAsync(Parameters p, Action<string> log, CancellationToken ct)
    {
        var machine = MachineInfo.Read();
        log("starting a private Tor network (3 authorities, 5 relays)…");
        await using var net = await PrivateTorNetwork.StartAsync(ct: ct);
        await using var site = new DemoSite("capacity");
        using var key = IdentitySecretKey.Generate();
        var hsDir = Path.Combine(net.BaseDirectory, "hs-backend");
        TorKeyFiles.WriteHiddenServiceDir(hsDir, key);
        var backend = await net.StartTorAsync([$"HiddenServiceDir {hsDir}", $"HiddenServicePort 80 127.0.0.1:{site.Port}"],
            name: "backend", socks: false, ct: ct);
        var client = await net.AddClientAsync(ct);
        var url = new Uri($"http://{key.Address}/");
        log($"backend tor pid {backend.Pid} serves {key.Address}; waiting until it answers through client tor pid {client.Pid}…");
        await WaitReachableAsync(client.SocksPort!.Value, url, TimeSpan.FromMinutes(4), ct);

        var rows = new List<IReadOnlyList<double?>>();
        for (var round = 1; round <= p.Rounds; round++)
            foreach (var streams in p.Streams)
            {
                var row = await MeasureLevelAsync(net, backend, client, url, streams, p.Window, ct);
                rows.Add([round, .. row]);
                log($"round {round}, {streams} streams: {row[1]} answered, {row[2]} failed, {row[3]:0.0} req/s, p50 {row[4]:0} ms, " +
                    $"p99 {row[6]:0} ms, backend tor {row[9]:0.00} CPU-s");
            }
        return new CapacityReport("throughput",
            new Dictionary<string, string>
            {
                ["streams"] = string.Join(',', p.Streams), ["window_s"] = p.Window.TotalSeconds.ToString("0"), ["rounds"] = p.Rounds.ToString(),
            },
            machine.Finished(), Columns, rows,
            [
                "one backend tor (onion service) in front of a built-in HTTP responder (~150-byte page, one request per stream); " +
                "one client tor; 3 authorities + 5 relays; every process on the same machine",
                "streams = concurrent visitors, each on its own rendezvous circuit; circuit_p50_ms = median time of a visitor's first request (circuit set-up), outside the window; backend_cpu_ms_per_circuit = the backend tor's CPU time while the visitors built their circuits, per visitor",
                "CPU-seconds are user+system from /proc/PID/stat over the window; all_tors_cpu_s includes relays, authorities, client and backend",
            ]);
    }

    private static async Task WaitReachableAsync(int socks, Uri url, TimeSpan limit, CancellationToken ct)
    {
        var until = Stopwatch.StartNew();
        string? last = null;
        while (until.Elapsed < limit)
        {
            try
            {
                var r = await OnionHttp.GetAsync(socks, url, TimeSpan.FromSeconds(30), ct);
                if (r.Status == HttpStatusCode.OK) return;
                last = $"HTTP {(int)r.Status}";
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException && !ct.IsCancellationRequested)
            {
                last = e.GetBaseException().Message;
            }
            await Task.Delay(2000, ct);
        }
        throw new DemoException($"{url.Host} did not answer within {limit.TotalSeconds:0} s (last: {last})");
    }

    /// <returns>streams, requests, errors, req/s, p50, p90, p99, circuit p50, backend CPU ms per circuit, backend CPU-s, backend CPU ms per
    /// request, client CPU-s, all tors CPU-s, backend RSS MiB, load average.</returns>
    private static async Task<double?[]> MeasureLevelAsync(PrivateTorNetwork net, TorProcess backend, TorProcess client, Uri url,
        int streams, TimeSpan window, CancellationToken ct)
    {
        var visitors = Enumerable.Range(0, streams).Select(_ => Visitor.Create(client.SocksPort!.Value)).ToList();
        try
        {
            // Every visitor builds its circuit first (its first answered request), outside the window;
            // the backend's CPU time over that phase is what new visitors cost it (introduction, rendezvous).
            var setupCpu0 = ProcessStats.CpuSeconds(backend.Pid);
            var circuits = await Task.WhenAll(visitors.Select(v => v.FirstAnswerAsync(url, TimeSpan.FromMinutes(2), ct)));
            var ready = circuits.Where(c => c is not null).Select(c => c!.Value).Order().ToList();
            double? cpuPerCircuit = ready.Count == 0 ? null : (ProcessStats.CpuSeconds(backend.Pid) - setupCpu0) * 1000 / ready.Count;

            await using var backendMeter = new ProcessMeter(backend.Pid);
            await using var clientMeter = new ProcessMeter(client.Pid);
            await using var allMeter = new ProcessMeter(net.AllProcesses.Select(t => t.Pid));
            var (b0, c0, a0) = (backendMeter.CpuSeconds(), clientMeter.CpuSeconds(), allMeter.CpuSeconds());
            var clock = Stopwatch.StartNew();
            var results = await Task.WhenAll(visitors.Select(v => v.RunAsync(url, window, ct)));
            var elapsed = clock.Elapsed.TotalSeconds;
            var (b1, c1, a1) = (backendMeter.CpuSeconds(), clientMeter.CpuSeconds(), allMeter.CpuSeconds());

            var latencies = results.SelectMany(r => r.Latencies).Order().ToList();
            var errors = results.Sum(r => r.Errors) + (streams - ready.Count);
            double? perRequest = latencies.Count == 0 ? null : (b1 - b0) * 1000 / latencies.Count;
            return
            [
                streams, latencies.Count, errors, latencies.Count / elapsed,
                Percentiles.Of(latencies, 50), Percentiles.Of(latencies, 90), Percentiles.Of(latencies, 99), Percentiles.Of(ready, 50),
                cpuPerCircuit, b1 - b0, perRequest, c1 - c0, a1 - a0, backendMeter.RssMiB(), MachineInfo.LoadAverage(),
            ];
        }
        finally
        {
            foreach (var v in visitors) v.Dispose();
        }
    }

    /// <summary>One visitor: an HTTP client whose SOCKS username (and so circuit) is its own.</summary>
    private sealed class Visitor : IDisposable
    {
        private readonly HttpClient _http;

        private Visitor(HttpClient http) => _http = http;

        public static Visitor Create(int socksPort)
        {
            var proxy = new WebProxy(new Uri($"socks5://127.0.0.1:{socksPort}"))
            {
                Credentials = new NetworkCredential("cap-" + Guid.NewGuid().ToString("N"), "x"),
            };
            var handler = new SocketsHttpHandler { Proxy = proxy, UseProxy = true, PooledConnectionLifetime = TimeSpan.Zero };
            return new Visitor(new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(30) });
        }

        /// <summary>Milliseconds until the first answered request, or null when none came in time.</summary>
        public async Task<double?> FirstAnswerAsync(Uri url, TimeSpan limit, CancellationToken ct)
        {
            var clock = Stopwatch.StartNew();
            while (clock.Elapsed < limit)
            {
                if (await OnceAsync(url, ct) is not null) return clock.Elapsed.TotalMilliseconds;
                await Task.Delay(500, ct);
            }
            return null;
        }

        public async Task<(List<double> Latencies, int Errors)> RunAsync(Uri url, TimeSpan window, CancellationToken ct)
        {
            var latencies = new List<double>();
            var errors = 0;
            var clock = Stopwatch.StartNew();
            while (clock.Elapsed < window)
            {
                if (await OnceAsync(url, ct) is { } ms) latencies.Add(ms);
                else
                {
                    errors++;
                    await Task.Delay(200, ct); // a refused stream fails at once: do not spin
                }
            }
            return (latencies, errors);
        }

        private async Task<double?> OnceAsync(Uri url, CancellationToken ct)
        {
            var clock = Stopwatch.StartNew();
            try
            {
                using var r = await _http.GetAsync(url, ct);
                await r.Content.ReadAsByteArrayAsync(ct);
                return r.StatusCode == HttpStatusCode.OK ? clock.Elapsed.TotalMilliseconds : null;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException && !ct.IsCancellationRequested)
            {
                return null;
            }
        }

        public void Dispose() => _http.Dispose();
    }
}
