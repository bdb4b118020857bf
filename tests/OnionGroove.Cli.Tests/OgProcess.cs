using OnionGroove.TestSupport;

namespace OnionGroove.Cli.Tests;

/// <summary>Runs the built oniongroove as a real process (`dotnet oniongroove.dll …`), as a user
/// or the Ansible lookup would: needed where one process must not hang or where several run at once.</summary>
internal static class OgProcess
{
    public static string Dll => Path.Combine(AppContext.BaseDirectory, "oniongroove.dll");

    /// <summary>Runs to completion; a run longer than <paramref name="timeout"/> is killed and fails the test.</summary>
    public static ExternalProgram.Result Run(TimeSpan timeout, params string[] args) =>
        ExternalProgram.Run("dotnet", [Dll, .. args], timeout: timeout);

    public static System.Diagnostics.Process Start(string[] args, bool redirectInput = false)
    {
        var psi = new System.Diagnostics.ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = redirectInput,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        psi.ArgumentList.Add(Dll);
        foreach (var a in args) psi.ArgumentList.Add(a);
        return System.Diagnostics.Process.Start(psi)!;
    }

    public static void MkFifo(string path) => Assert.Equal(0, ExternalProgram.Run("mkfifo", [path]).ExitCode);
}
