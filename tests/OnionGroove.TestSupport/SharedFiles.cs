namespace OnionGroove.TestSupport;

/// <summary>Locates the repository and the shared/ folder (specs, test vectors) beside it.</summary>
public static class SharedFiles
{
    /// <summary>The folder that holds OnionGroove.sln.</summary>
    public static string RepoRoot => repoRoot.Value;

    /// <summary>shared/ beside the checkout, or $OG_SHARED when set (checked first, so builds with
    /// OG_ARTIFACTS outside the checkout still find the vectors).</summary>
    public static string Shared =>
        Environment.GetEnvironmentVariable("OG_SHARED") is { Length: > 0 } s ? s : Path.GetFullPath(Path.Combine(RepoRoot, "..", "shared"));

    private static readonly Lazy<string> repoRoot = new(FindRepoRoot);

    public static string TorVectors => Path.Combine(Shared, "test-vectors", "tor");
    public static string AgeVectors => Path.Combine(Shared, "test-vectors", "age");

    public static string TorVector(params string[] parts) => Path.Combine([TorVectors, .. parts]);

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "OnionGroove.sln"))) return dir.FullName;
        // Builds with OG_ARTIFACTS live outside the checkout; fall back to the working directory.
        for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "OnionGroove.sln"))) return dir.FullName;
        throw new InvalidOperationException("cannot find OnionGroove.sln above the test binaries or the working directory");
    }
}
