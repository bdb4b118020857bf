using System.Runtime.InteropServices;

namespace OnionGroove.Control.Launch;

/// <summary>Signals one process by its pid (never by name: other people's tors may run on the same host).</summary>
public static partial class ProcessSignals
{
    private const int SIGTERM = 15;
    private const int SIGCONT = 18;
    private const int SIGSTOP = 19;

    [LibraryImport("libc", SetLastError = true)]
    private static partial int kill(int pid, int sig);

    public static bool Terminate(int pid) => !OperatingSystem.IsWindows() && pid > 0 && kill(pid, SIGTERM) == 0;

    /// <summary>Freezes the process: its sockets stay open (the kernel still completes TCP
    /// handshakes into the backlog) but nothing answers, like a host that hangs.</summary>
    public static bool Stop(int pid) => !OperatingSystem.IsWindows() && pid > 0 && kill(pid, SIGSTOP) == 0;

    public static bool Continue(int pid) => !OperatingSystem.IsWindows() && pid > 0 && kill(pid, SIGCONT) == 0;

    /// <summary>Whether a process with this pid exists (signal 0 probes without signalling).</summary>
    public static bool Exists(int pid) => !OperatingSystem.IsWindows() && pid > 0 && kill(pid, 0) == 0;
}
