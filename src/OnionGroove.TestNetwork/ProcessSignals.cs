using System.Runtime.InteropServices;

namespace OnionGroove.TestNetwork;

/// <summary>Signals one process by its pid (never by name: other people's tors may run on the same host).</summary>
internal static partial class ProcessSignals
{
    private const int SIGTERM = 15;

    [LibraryImport("libc", SetLastError = true)]
    private static partial int kill(int pid, int sig);

    public static bool Terminate(int pid) => !OperatingSystem.IsWindows() && pid > 0 && kill(pid, SIGTERM) == 0;

    /// <summary>Whether a process with this pid exists (signal 0 probes without signalling).</summary>
    public static bool Exists(int pid) => !OperatingSystem.IsWindows() && pid > 0 && kill(pid, 0) == 0;
}
