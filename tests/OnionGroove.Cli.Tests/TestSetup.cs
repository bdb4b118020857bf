using System.Runtime.CompilerServices;
using OnionGroove.TestSupport;

namespace OnionGroove.Cli.Tests;

internal static class TestSetup
{
    /// <summary>git (run by the vault commands in this process) never reads the machine's config and always has an author.</summary>
    [ModuleInitializer]
    internal static void Init() => IsolatedGit.IsolateProcess();
}
