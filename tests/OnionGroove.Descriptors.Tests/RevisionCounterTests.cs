using OnionGroove.Crypto;
using OnionGroove.Descriptors.Building;
using OnionGroove.Descriptors.OuterLayer;
using OnionGroove.Crypto.Keys;

namespace OnionGroove.Descriptors.Tests;

/// <summary>The revision-counter rule (rend-spec-v3 §2.4, Appendix F.2) and the publisher's clock that keeps it strictly increasing.</summary>
public class RevisionCounterTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 15, 0, 0, TimeSpan.Zero);
    /// <summary>Test-network periods: 8 minutes, no rotation offset, so period starts are easy to reach.</summary>
    private static readonly TimePeriod Short = TimePeriod.FromTime(Now, 8, 0);

    [Fact]
    public void Counter_from_time_is_monotonic_across_the_next_and_current_descriptor()
    {
        var p = TimePeriod.FromTime(Now);
        var early = RevisionCounter.FromTime(p.Next, Now); // "next" descriptor built during the current period
        var later = RevisionCounter.FromTime(p.Next, Now.AddDays(1));
        Assert.True(later > early);
        Assert.True(early > new RevisionCounter(0));
        Assert.True(RevisionCounter.FromTime(p, Now.AddSeconds(1)) > RevisionCounter.FromTime(p, Now));
    }

    [Fact]
    public void Counter_counts_milliseconds_from_the_previous_periods_start_and_is_at_least_one()
    {
        Assert.Equal(60_000UL, RevisionCounter.FromTime(Short.Next, Short.Start.AddMinutes(1)).Value);
        // F.2: "T must be at least 1", also for a clock before the previous period's start.
        Assert.Equal(1UL, RevisionCounter.FromTime(Short, Short.Previous.Start).Value);
        Assert.Equal(1UL, RevisionCounter.FromTime(Short, Short.Previous.Start.AddHours(-1)).Value);
    }

    [Fact]
    public void Counters_increase_over_time_and_across_instances()
    {
        using var service = IdentitySecretKey.Generate();
        var hostA = new RevisionCounterClock();
        var hostB = new RevisionCounterClock();
        var a1 = hostA.Next(service.PublicKey, Short, Short.Start.AddSeconds(1));
        var b1 = hostB.Next(service.PublicKey, Short, Short.Start.AddSeconds(2));
        var a2 = hostA.Next(service.PublicKey, Short, Short.Start.AddSeconds(3));
        Assert.True(a1 < b1 && b1 < a2, $"{a1} {b1} {a2}");
        // A restarted host (a new clock) still continues above what it published before.
        var restarted = new RevisionCounterClock().Next(service.PublicKey, Short, Short.Start.AddSeconds(4));
        Assert.True(restarted > a2);
    }

    [Fact]
    public void Counters_are_strictly_increasing_within_one_millisecond()
    {
        using var service = IdentitySecretKey.Generate();
        var c = new RevisionCounterClock();
        var now = Short.Start.AddMinutes(1);
        var values = Enumerable.Range(0, 5).Select(_ => c.Next(service.PublicKey, Short, now)).ToList();
        Assert.Equal(values.Order().Distinct(), values);
    }

    [Fact]
    public void Each_service_and_period_has_its_own_sequence()
    {
        using var service = IdentitySecretKey.Generate();
        using var other = IdentitySecretKey.Generate();
        var c = new RevisionCounterClock();
        var now = Short.Start.AddMinutes(1);
        var first = c.Next(service.PublicKey, Short, now);
        Assert.Equal(first, c.Next(other.PublicKey, Short, now));
        Assert.Equal(RevisionCounter.FromTime(Short.Next, now), c.Next(service.PublicKey, Short.Next, now));
    }

    [Fact]
    public void The_next_periods_descriptor_gets_a_positive_counter_before_its_period_starts()
    {
        using var service = IdentitySecretKey.Generate();
        var v = new RevisionCounterClock().Next(service.PublicKey, Short.Next, Short.Start.AddMinutes(1));
        Assert.Equal((ulong)TimeSpan.FromMinutes(1).TotalMilliseconds, v.Value);
    }
}
