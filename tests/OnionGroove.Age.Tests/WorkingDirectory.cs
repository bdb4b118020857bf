using System.Runtime.CompilerServices;

namespace OnionGroove.Age.Tests;

/// <summary>With OG_ARTIFACTS the test binaries live outside the checkout, so SharedFiles cannot
/// find the repository from them; start in this source folder instead (inside the checkout).</summary>
internal static class WorkingDirectory
{
    [ModuleInitializer]
    internal static void StartInsideTheCheckout() => Enter();

    private static void Enter([CallerFilePath] string sourceFile = "")
    {
        var dir = Path.GetDirectoryName(sourceFile);
        if (dir is not null && Directory.Exists(dir) && !File.Exists(Path.Combine(AppContext.BaseDirectory, "..", "OnionGroove.sln")))
            Directory.SetCurrentDirectory(dir);
    }
}
