using System.Runtime.CompilerServices;
using OnionGroove.TestSupport;

namespace OnionGroove.Deploy.Tests;

internal static class TestSetup
{
    /// <summary>git (used by the vault) never reads the machine's config and always has an author.</summary>
    [ModuleInitializer]
    internal static void Init() => IsolatedGit.IsolateProcess();
}
