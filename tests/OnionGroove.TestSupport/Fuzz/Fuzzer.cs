namespace OnionGroove.TestSupport.Fuzz;

/// <summary>What a fuzz run saw: how many mutated inputs the parser accepted and refused.</summary>
public sealed record FuzzReport(string Name, int Seed, int Cases, int Accepted, int Refused)
{
    public override string ToString() => $"{Name}: {Cases} cases (seed {Seed}): {Accepted} accepted, {Refused} refused with a message, no exception";
}

/// <summary>A fuzz case broke the parser's contract; the message says how to replay it.</summary>
public sealed class FuzzFailure(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// Feeds seeded mutations of valid inputs to a parser. The check returns null when the parser
/// accepted the input and its message when it refused it; anything it throws (the parser's own
/// exception, or the test's assertion that the message names a line) fails the run with the seed,
/// case number, mutations applied and the input, so the case can be replayed.
/// </summary>
public static class Fuzzer
{
    public static FuzzReport Run(string name, int seed, int cases, IReadOnlyList<byte[]> valid, Func<byte[], string?> check)
    {
        var rng = new Random(seed);
        int accepted = 0, refused = 0;
        for (var i = 0; i < cases; i++)
        {
            var input = Mutator.Mutate(valid[rng.Next(valid.Count)], rng, out var applied);
            string? message;
            try { message = check(input); }
            catch (Exception e)
            {
                throw new FuzzFailure(
                    $"{name}: case {i} of seed {seed} ({applied}) failed: {e.GetType().Name}: {e.Message}\n" +
                    $"input (base64): {Convert.ToBase64String(input)}", e);
            }
            if (message is null) { accepted++; continue; }
            if (string.IsNullOrWhiteSpace(message))
                throw new FuzzFailure($"{name}: case {i} of seed {seed} ({applied}) was refused without a message\ninput (base64): {Convert.ToBase64String(input)}");
            refused++;
        }
        return new FuzzReport(name, seed, cases, accepted, refused);
    }

    /// <summary>The seed for a run: OG_FUZZ_SEED when set (to replay or explore), else the fixed default.</summary>
    public static int Seed(int fixedDefault) =>
        int.TryParse(Environment.GetEnvironmentVariable("OG_FUZZ_SEED"), out var s) ? s : fixedDefault;
}
