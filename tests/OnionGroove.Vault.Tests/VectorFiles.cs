using System.Runtime.CompilerServices;

namespace OnionGroove.Vault.Tests;

/// <summary>Finds shared/test-vectors from this source file's location, so it works when the
/// test binaries are built outside the checkout (OG_ARTIFACTS) and run from there.</summary>
internal static class VectorFiles
{
    public static string Tor(params string[] parts) => Path.Combine([SharedDir(), "test-vectors", "tor", .. parts]);

    private static string SharedDir([CallerFilePath] string source = "") =>
        Environment.GetEnvironmentVariable("OG_SHARED") is { Length: > 0 } s ? s
        : Path.GetFullPath(Path.Combine(Path.GetDirectoryName(source)!, "..", "..", "..", "shared"));
}
