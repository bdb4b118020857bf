using System.Diagnostics;
using System.Text;

namespace OnionGroove.TestSupport;

/// <summary>The real tor, started offline (DisableNetwork 1, no SOCKS or control port, a
/// private DataDirectory) with one HiddenServiceDir, so tests can check that tor accepts key
/// files we wrote, or read the keys tor made. tor loads the keys and writes "hostname" without
/// any network. Disposing kills tor by its pid, waits for it and removes the DataDirectory.</summary>
public sealed class OfflineTor : IDisposable
{
    private readonly Process _process;
    private readonly TempDir _dataDirectory;
    private readonly StringBuilder _output = new();

    private OfflineTor(Process process, TempDir dataDirectory, string hiddenServiceDir)
    {
        _process = process;
        _dataDirectory = dataDirectory;
        HiddenServiceDir = hiddenServiceDir;
    }

    public string HiddenServiceDir { get; }

    /// <summary>What tor printed so far (its notices; for assertion messages).</summary>
    public string Output
    {
        get { lock (_output) return _output.ToString(); }
    }

    /// <summary>/usr/sbin/tor, or "tor" from PATH; null when tor is not installed.</summary>
    public static string? FindTor()
    {
        if (File.Exists("/usr/sbin/tor")) return "/usr/sbin/tor";
        if (File.Exists("/usr/bin/tor")) return "/usr/bin/tor";
        return ExternalProgram.Exists("tor") ? "tor" : null;
    }

    /// <summary>The tor binary, or an exception saying how to install it (tests that need tor
    /// must fail loudly, not skip, when it is missing: CI installs it).</summary>
    public static string RequireTor() =>
        FindTor() ?? throw new InvalidOperationException("tor is not installed (apt-get install tor); this test needs the real tor");

    /// <summary>Starts tor serving <paramref name="hiddenServiceDir"/> (which may be empty: then
    /// tor generates a key). The directory must be mode 0700, as tor demands.</summary>
    public static OfflineTor Start(string hiddenServiceDir, IEnumerable<string>? extraTorrcLines = null)
    {
        var tor = RequireTor();
        var data = new TempDir("ogtor");
        var torrc = data["torrc"];
        string[] lines =
        [
            $"DataDirectory {data["data"]}",
            "DisableNetwork 1",
            "SocksPort 0",
            "ControlPort 0",
            "Log notice stdout",
            $"HiddenServiceDir {hiddenServiceDir}",
            "HiddenServicePort 80 127.0.0.1:1",
            .. extraTorrcLines ?? [],
        ];
        File.WriteAllText(torrc, string.Join('\n', lines) + "\n");
        var psi = new ProcessStartInfo(tor)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var a in new[] { "--defaults-torrc", "/dev/null", "-f", torrc }) psi.ArgumentList.Add(a);
        var process = Process.Start(psi) ?? throw new InvalidOperationException($"cannot start {tor}");
        var offline = new OfflineTor(process, data, hiddenServiceDir);
        process.OutputDataReceived += (_, e) => offline.Append(e.Data);
        process.ErrorDataReceived += (_, e) => offline.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return offline;
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (_output) _output.AppendLine(line);
    }

    /// <summary>Waits until tor has written a complete "hostname" file and returns its content
    /// (e.g. "xxxx.onion\n"). Throws with tor's output if tor exits or time runs out.</summary>
    public string WaitForHostname(TimeSpan? timeout = null)
    {
        var path = Path.Combine(HiddenServiceDir, "hostname");
        var deadline = Stopwatch.StartNew();
        var limit = timeout ?? TimeSpan.FromSeconds(30);
        while (deadline.Elapsed < limit)
        {
            if (File.Exists(path))
            {
                var text = File.ReadAllText(path);
                if (text.EndsWith('\n')) return text;
            }
            if (_process.HasExited)
                throw new InvalidOperationException($"tor exited ({_process.ExitCode}) without writing hostname:\n{Output}");
            Thread.Sleep(50);
        }
        throw new TimeoutException($"tor did not write {path} within {limit.TotalSeconds} s:\n{Output}");
    }

    /// <summary>Waits until tor's output contains <paramref name="text"/>; false on timeout or exit.</summary>
    public bool WaitForOutput(string text, TimeSpan? timeout = null)
    {
        var deadline = Stopwatch.StartNew();
        var limit = timeout ?? TimeSpan.FromSeconds(15);
        while (deadline.Elapsed < limit)
        {
            if (Output.Contains(text, StringComparison.Ordinal)) return true;
            if (_process.HasExited) return Output.Contains(text, StringComparison.Ordinal);
            Thread.Sleep(50);
        }
        return false;
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill();
                _process.WaitForExit(10_000);
            }
        }
        catch (InvalidOperationException) { }
        _process.Dispose();
        _dataDirectory.Dispose();
    }
}
