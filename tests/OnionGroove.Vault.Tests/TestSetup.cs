using System.Runtime.CompilerServices;
using OnionGroove.TestSupport;

namespace OnionGroove.Vault.Tests;

internal static class TestSetup
{
    [ModuleInitializer]
    internal static void Init() => IsolatedGit.IsolateProcess();
}
