using System.Runtime.CompilerServices;

namespace OnionGroove.Deploy.Tests;

internal static class TestSetup
{
    /// <summary>git (used by the vault) never reads the machine's config and always has an author.</summary>
    [ModuleInitializer]
    internal static void Init()
    {
        Environment.SetEnvironmentVariable("GIT_CONFIG_GLOBAL", "/dev/null");
        Environment.SetEnvironmentVariable("GIT_CONFIG_NOSYSTEM", "1");
        Environment.SetEnvironmentVariable("GIT_AUTHOR_NAME", "Deploy Test");
        Environment.SetEnvironmentVariable("GIT_AUTHOR_EMAIL", "deploy-test@example.invalid");
        Environment.SetEnvironmentVariable("GIT_COMMITTER_NAME", "Deploy Test");
        Environment.SetEnvironmentVariable("GIT_COMMITTER_EMAIL", "deploy-test@example.invalid");
    }
}
