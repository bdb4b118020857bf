using OnionGroove.Balancer.Metrics;

namespace OnionGroove.Cli.Commands.Balancer;

/// <summary>The human-readable form of a balancer status.</summary>
internal static class StatusText
{
    public static async Task WriteAsync(TextWriter o, BalancerStatus status, DateTimeOffset now)
    {
        await o.WriteLineAsync($"tor: {(status.TorConnected ? "connected" : "NOT connected")}");
        foreach (var s in status.Services)
        {
            var last = s.LastSuccessfulPublish is { } t ? $"{(now - t).TotalSeconds:0} s ago" : "never";
            await o.WriteLineAsync($"{s.Service}.onion: {s.IntroPoints} intro point(s) in {s.Descriptors} descriptor(s), last accepted upload {last}");
            if (s.SigningBundleRunsOut is { } end)
                await o.WriteLineAsync(end > now
                    ? $"  signing bundle runs out {end:yyyy-MM-dd HH:mm}Z, in {(end - now).TotalDays:0.0} days"
                    : $"  signing bundle RAN OUT at {end:yyyy-MM-dd HH:mm}Z: nothing is published; refresh it");
            if (s.Pow == OnionGroove.Balancer.Selection.PowPublishing.Withheld)
                await o.WriteLineAsync("  PoW: pow-params WITHHELD — pow is on/follow, but stock tor backends refuse solutions made for the frontend " +
                                       "address, so clients are not asked to solve (pow_backends_verify_frontend; docs/pow.md)");
            else if (s.Pow == OnionGroove.Balancer.Selection.PowPublishing.Published)
                await o.WriteLineAsync("  PoW: pow-params published, one backend seed per descriptor");
            foreach (var b in s.Backends)
            {
                var age = b.DescriptorAgeSeconds is { } a ? $"descriptor {a:0} s old" : "no descriptor";
                var state = !b.Healthy ? "FAILING HEALTH CHECKS" : b.Published ? "published" : "not published";
                var pow = b.PowEffort is { } effort
                    ? $", PoW effort {effort}" + (b.PowSeedAgeSeconds is { } sa ? $", seed {sa / 60:0} min old" : "") : "";
                await o.WriteLineAsync($"  backend {b.Name,-16} {b.Backend}.onion  {b.IntroPoints} intro point(s), {age}, {state}{pow}");
            }
            foreach (var h in s.HsDirs)
                await o.WriteLineAsync($"  hsdir {h.Fingerprint}  {h.Uploads} accepted, {h.Failures} failed" + (h.Rejections > 0 ? $" ({h.Rejections} refused: older revision)" : ""));
        }
    }
}
