using System.Runtime.CompilerServices;

namespace OnionGroove.Vault.Tests;

internal static class TestSetup
{
    [ModuleInitializer]
    internal static void Init() => VaultTestKit.IsolateGit();
}
