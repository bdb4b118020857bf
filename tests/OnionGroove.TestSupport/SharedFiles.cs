using System.Runtime.CompilerServices;

namespace OnionGroove.TestSupport;

/// <summary>Files the test projects share: the repository root and the known-answer vectors and
/// spec excerpts in tests/vectors (see tests/vectors/SOURCES.md). Everything comes from the
/// checkout itself; nothing outside it is read, so a fresh clone runs the tests alone.</summary>
public static class SharedFiles
{
    /// <summary>The folder that holds OnionGroove.sln.</summary>
    public static string RepoRoot => repoRoot.Value;

    /// <summary>tests/vectors in the checkout.</summary>
    public static string Vectors => Path.Combine(RepoRoot, "tests", "vectors");

    public static string TorVectors => Path.Combine(Vectors, "tor");
    public static string AgeVectors => Path.Combine(Vectors, "age");

    public static string TorVector(params string[] parts) => Path.Combine([TorVectors, .. parts]);

    /// <summary>A spec text kept for a test that quotes it (tests/vectors/specs).</summary>
    public static string Spec(string name) => Path.Combine(Vectors, "specs", name);

    private static readonly Lazy<string> repoRoot = new(() => FindRepoRoot());

    private static string FindRepoRoot([CallerFilePath] string thisSource = "")
    {
        // The test binaries normally sit inside the checkout. Builds with OG_ARTIFACTS put them
        // elsewhere; then this source file's compile-time path (inside the checkout) finds it.
        foreach (var start in new[] { AppContext.BaseDirectory, Path.GetDirectoryName(thisSource), Directory.GetCurrentDirectory() })
            for (var dir = string.IsNullOrEmpty(start) ? null : new DirectoryInfo(start); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "OnionGroove.sln"))) return dir.FullName;
        throw new InvalidOperationException("cannot find OnionGroove.sln above the test binaries, the test sources or the working directory");
    }
}
