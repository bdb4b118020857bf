using System.Diagnostics;

namespace OnionGroove.TestSupport;

/// <summary>Waits for something a test cannot be told about: polls a probe until its value is
/// what the test awaits or a deadline passes. The probe runs at once, then every
/// <c>every</c> (100 ms unless given), and a last time at the deadline. Exceptions from the probe
/// propagate (a probe fails early by throwing, e.g. when the process it watches has exited).
/// <para>Two outcomes on the deadline: the <c>Value</c>/<c>True</c> forms throw a
/// <see cref="TimeoutException"/> naming what was awaited (and the last value, when
/// <c>describe</c> is given); the <c>Last</c> forms return the last value, for tests whose own
/// assertions on it follow.</para></summary>
public static class Eventually
{
    public static readonly TimeSpan DefaultEvery = TimeSpan.FromMilliseconds(100);

    /// <summary>The probe's value once <paramref name="until"/> holds; throws on the deadline.
    /// The probe's token is cancelled at the deadline (or with <paramref name="ct"/>): a probe may
    /// pass it to work that should stop there, or just look at it.</summary>
    public static async Task<T> ValueAsync<T>(Func<CancellationToken, Task<T>> probe, Func<T, bool> until, string what, TimeSpan within,
        TimeSpan? every = null, Func<T, string>? describe = null, CancellationToken ct = default)
    {
        var (value, met) = await PollAsync(probe, until, within, every, ct);
        return met ? value : throw TimedOut(what, within, value, describe);
    }

    /// <inheritdoc cref="ValueAsync{T}(Func{CancellationToken, Task{T}}, Func{T, bool}, string, TimeSpan, TimeSpan?, Func{T, string}?, CancellationToken)"/>
    public static Task<T> ValueAsync<T>(Func<T> probe, Func<T, bool> until, string what, TimeSpan within,
        TimeSpan? every = null, Func<T, string>? describe = null, CancellationToken ct = default) =>
        ValueAsync(_ => Task.FromResult(probe()), until, what, within, every, describe, ct);

    /// <summary>Returns once <paramref name="condition"/> holds; throws on the deadline.</summary>
    public static Task TrueAsync(Func<bool> condition, string what, TimeSpan within, TimeSpan? every = null, CancellationToken ct = default) =>
        ValueAsync(condition, c => c, what, within, every, ct: ct);

    /// <summary>The probe's value once <paramref name="until"/> holds, or its last value at the
    /// deadline (no exception: the caller asserts on it).</summary>
    public static async Task<T> LastAsync<T>(Func<CancellationToken, Task<T>> probe, Func<T, bool> until, TimeSpan within,
        TimeSpan? every = null, CancellationToken ct = default) =>
        (await PollAsync(probe, until, within, every, ct)).Value;

    /// <inheritdoc cref="LastAsync{T}(Func{CancellationToken, Task{T}}, Func{T, bool}, TimeSpan, TimeSpan?, CancellationToken)"/>
    public static Task<T> LastAsync<T>(Func<T> probe, Func<T, bool> until, TimeSpan within, TimeSpan? every = null, CancellationToken ct = default) =>
        LastAsync(_ => Task.FromResult(probe()), until, within, every, ct);

    /// <summary>The synchronous form of <c>ValueAsync</c> (the thread sleeps between probes).</summary>
    public static T Value<T>(Func<T> probe, Func<T, bool> until, string what, TimeSpan within,
        TimeSpan? every = null, Func<T, string>? describe = null)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var value = probe();
            if (until(value)) return value;
            var left = within - clock.Elapsed;
            if (left <= TimeSpan.Zero) throw TimedOut(what, within, value, describe);
            Thread.Sleep(Min(every ?? DefaultEvery, left));
        }
    }

    /// <summary>The synchronous form of <c>TrueAsync</c>.</summary>
    public static void True(Func<bool> condition, string what, TimeSpan within, TimeSpan? every = null) =>
        Value(condition, c => c, what, within, every);

    private static async Task<(T Value, bool Met)> PollAsync<T>(Func<CancellationToken, Task<T>> probe, Func<T, bool> until,
        TimeSpan within, TimeSpan? every, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(within);
        while (true)
        {
            var value = await probe(deadline.Token);
            if (until(value)) return (value, true);
            var left = within - clock.Elapsed;
            if (left <= TimeSpan.Zero) return (value, false);
            await Task.Delay(Min(every ?? DefaultEvery, left), ct);
        }
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    private static TimeoutException TimedOut<T>(string what, TimeSpan within, T last, Func<T, string>? describe) =>
        new($"timed out after {within.TotalSeconds:0.#} s waiting for {what}" + (describe is null ? "" : $"; last seen: {describe(last)}"));
}
