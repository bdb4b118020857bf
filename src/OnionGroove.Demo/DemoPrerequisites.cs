namespace OnionGroove.Demo;

/// <summary>The programs a private Tor network needs on this machine.</summary>
public static class DemoPrerequisites
{
    public static readonly IReadOnlyList<string> Programs = ["tor", "tor-gencert"];

    /// <summary>The first of <see cref="Programs"/> not on $PATH, or null when all are.</summary>
    public static string? FirstMissing() => Programs.FirstOrDefault(p => !OnPath(p));

    private static bool OnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Any(d => d.Length > 0 && File.Exists(Path.Combine(d, name)));
}
