using System.Diagnostics;
using System.Security.Cryptography;
using OnionGroove.Crypto.Curve;
using OnionGroove.Crypto.Keys;

namespace OnionGroove.Crypto.Vanity;

/// <summary>
/// Finds onion service identity keys whose address starts with a chosen prefix, on all cores.
/// </summary>
/// <remarks>
/// Each thread starts at its own random clamped scalar s and walks s, s+8, s+16, … (see
/// <see cref="VanityWorker"/>). Every hit is re-derived from its scalar by an independent
/// scalar multiplication and checked again through the crypto library's own key type before it
/// is reported, so a slip in the fast path can only lose a key, never emit a wrong one.
/// </remarks>
public static class VanitySearch
{
    /// <summary>Searches until <see cref="VanityOptions.Count"/> keys are found or
    /// <paramref name="cancellationToken"/> fires; returns what was found either way.</summary>
    public static VanityResult Run(VanityOptions options, IProgress<VanityProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Prefixes.Count == 0) throw new ArgumentException("at least one prefix is needed", nameof(options));
        if (options.Count < 1) throw new ArgumentOutOfRangeException(nameof(options), "Count must be at least 1");
        return Execute(options, progress, cancellationToken);
    }

    private static VanityResult Execute(VanityOptions options, IProgress<VanityProgress>? progress, CancellationToken ct)
    {
        var engine = new VanityEngine<VanityMatch>(options, progress, static () => new VanityStart(), Confirm, options.OnMatch, static m => m.Key.Dispose());
        var (matches, candidates, elapsed, cancelled) = engine.Execute(ct);
        return new VanityResult(matches, candidates, elapsed, cancelled);
    }

    /// <summary>Split-key search: finds offsets k such that the public key <paramref name="from"/> + k·B
    /// has an address starting with a prefix, knowing no secret key. Whoever holds the secret key
    /// turns each into its key with <see cref="VanityOffset.ApplyTo"/>. <see cref="VanityOptions.OnMatch"/>
    /// is not used (there are no keys); <paramref name="onMatch"/> hears each offset instead.</summary>
    public static VanityOffsetResult RunFrom(IdentityPublicKey from, VanityOptions options, Action<VanityOffsetMatch>? onMatch = null,
        IProgress<VanityProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(from);
        ArgumentNullException.ThrowIfNull(options);
        if (options.Prefixes.Count == 0) throw new ArgumentException("at least one prefix is needed", nameof(options));
        if (options.Count < 1) throw new ArgumentOutOfRangeException(nameof(options), "Count must be at least 1");
        if (options.OnMatch is not null) throw new ArgumentException("RunFrom reports offsets through onMatch, not OnMatch", nameof(options));
        if (!EdwardsPoint.TryDecode(from.AsSpan(), out var origin, out var error)) throw new ArgumentException(error, nameof(from));
        var engine = new VanityEngine<VanityOffsetMatch>(options, progress, () => new VanityStart(origin),
            (offset, prefix) => ConfirmOffset(from, offset, prefix), onMatch, static _ => { });
        var (matches, candidates, elapsed, cancelled) = engine.Execute(cancellationToken);
        return new VanityOffsetResult(matches, candidates, elapsed, cancelled);
    }

    /// <summary>The offset's public key, computed afresh from <paramref name="from"/>, must match the prefix.</summary>
    internal static VanityOffsetMatch? ConfirmOffset(IdentityPublicKey from, ReadOnlySpan<byte> offsetBytes, VanityPrefix prefix)
    {
        var offset = VanityOffset.FromScalar(offsetBytes);
        var publicKey = offset.PublicKeyFor(from);
        if (!prefix.Matches(publicKey.AsSpan()))
        {
            if (prefix.NeedsFullCheck) return null;
            throw new CryptographicException("vanity search: a candidate offset's fast-path key disagrees with the slow path; discarded");
        }
        return new VanityOffsetMatch(from, offset, publicKey, prefix);
    }

    /// <summary>Runs the search loop for <paramref name="duration"/> (after a half-second warm-up)
    /// against a 12-character prefix (or <paramref name="prefixes"/>, which should be long enough never to match), so the full per-candidate work is measured, and reports the
    /// candidates tried.</summary>
    public static VanityResult Benchmark(TimeSpan duration, int threads = 0, int batchSize = 1024, IReadOnlyList<VanityPrefix>? prefixes = null, CancellationToken cancellationToken = default)
    {
        // Warm up first so the JIT has produced optimised code before the clock starts.
        using (var runner = new VanityBatchRunner(batchSize))
        {
            var warm = Stopwatch.StartNew();
            while (warm.ElapsedMilliseconds < 500 && !cancellationToken.IsCancellationRequested) runner.RunBatch();
        }
        using var timer = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timer.CancelAfter(duration);
        var options = new VanityOptions
        {
            Prefixes = prefixes ?? [VanityPrefix.Parse("oniongroove2").Value],
            Count = int.MaxValue,
            Threads = threads,
            BatchSize = batchSize,
        };
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var result = Execute(options, null, timer.Token);
        var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
        foreach (var m in result.Matches) m.Key.Dispose();
        return result with { Matches = [], Cancelled = cancellationToken.IsCancellationRequested, CpuTime = cpu };
    }

    /// <summary>The checks a hit must pass: the scalar's public key (computed afresh) matches the
    /// prefix, and the library's key type derives the same key and address.</summary>
    internal static VanityMatch? Confirm(ReadOnlySpan<byte> scalar, VanityPrefix prefix)
    {
        Span<byte> publicKey = stackalloc byte[32];
        EdwardsPoint.MulDoubleAndAdd(EdwardsPoint.Base, scalar).Encode(publicKey);
        if (!prefix.Matches(publicKey))
        {
            // Long prefixes are only pre-filtered on 64 bits; for short ones the fast path and
            // the slow path must agree.
            if (prefix.NeedsFullCheck) return null;
            throw new CryptographicException("vanity search: a candidate's fast-path key disagrees with its scalar; key discarded");
        }

        Span<byte> expanded = stackalloc byte[64];
        try
        {
            scalar.CopyTo(expanded);
            // tor's expanded form is scalar ‖ PRF prefix; a vanity key has no seed, so the prefix
            // (used only for deterministic signature nonces) is fresh randomness.
            RandomNumberGenerator.Fill(expanded[32..]);
            var key = IdentitySecretKey.FromExpanded(expanded);
            if (!key.PublicKey.AsSpan().SequenceEqual(publicKey) ||
                !key.Address.ServiceId.StartsWith(prefix.Text, StringComparison.Ordinal))
            {
                key.Dispose();
                throw new CryptographicException("vanity search: the found key does not round-trip through IdentitySecretKey; key discarded");
            }
            return new VanityMatch(key, prefix);
        }
        finally { CryptographicOperations.ZeroMemory(expanded); }
    }
}
