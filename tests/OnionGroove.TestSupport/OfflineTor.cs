using OnionGroove.Control.Launch;

namespace OnionGroove.TestSupport;

/// <summary>The real tor, started offline (DisableNetwork 1, no SOCKS or control port) through the
/// project's <see cref="TorLauncher"/>, serving one HiddenServiceDir, so tests can check that tor
/// accepts key files we wrote, or read the keys tor made. tor loads the keys and writes "hostname"
/// without any network. Disposing stops tor by its pid and removes the private DataDirectory.</summary>
public sealed class OfflineTor : IDisposable
{
    private readonly RunningTor _tor;
    private readonly TempDir _dataDirectory;

    private OfflineTor(RunningTor tor, TempDir dataDirectory, string hiddenServiceDir)
    {
        _tor = tor;
        _dataDirectory = dataDirectory;
        HiddenServiceDir = hiddenServiceDir;
    }

    public string HiddenServiceDir { get; }

    /// <summary>What tor printed so far (its notices; for assertion messages).</summary>
    public string Output => _tor.Output;

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
        var data = new TempDir("ogtor");
        string[] lines =
        [
            $"DataDirectory {data["data"]}",
            "SocksPort 0",
            "ControlPort 0",
            $"HiddenServiceDir {hiddenServiceDir}",
            "HiddenServicePort 80 127.0.0.1:1",
            .. extraTorrcLines ?? [],
        ];
        return Launch(data, hiddenServiceDir, data["torrc"], lines, workingDirectory: null);
    }

    /// <summary>Starts tor from <paramref name="folder"/> with the torrc file in it, as an operator
    /// would (relative paths resolve from there), but offline; <paramref name="hiddenServiceDir"/> is
    /// where that torrc's service lives.</summary>
    public static OfflineTor StartFromTorrc(string folder, string torrcFile, string hiddenServiceDir) =>
        Launch(new TempDir("ogtor"), hiddenServiceDir, Path.Combine(folder, torrcFile), torrcLines: null, workingDirectory: folder);

    private static OfflineTor Launch(TempDir data, string hiddenServiceDir, string torrc, IReadOnlyList<string>? torrcLines,
        string? workingDirectory)
    {
        try
        {
            var started = TorLauncher.StartAsync(new TorLaunchOptions
            {
                TorPath = RequireTor(),
                TorrcPath = torrc,
                TorrcLines = torrcLines,
                WorkingDirectory = workingDirectory,
                // On the command line, so that they hold over any torrc.
                Arguments = ["--DisableNetwork", "1", "--Log", "notice stdout"],
            }).GetAwaiter().GetResult();
            if (!started.TryGet(out var tor, out var failure)) throw new InvalidOperationException(failure.ToString());
            return new OfflineTor(tor, data, hiddenServiceDir);
        }
        catch
        {
            data.Dispose();
            throw;
        }
    }

    /// <summary>Waits until tor has written a complete "hostname" file and returns its content
    /// (e.g. "xxxx.onion\n"). Throws with tor's output if tor exits or time runs out.</summary>
    public string WaitForHostname(TimeSpan? timeout = null)
    {
        var path = Path.Combine(HiddenServiceDir, "hostname");
        var limit = timeout ?? TimeSpan.FromSeconds(30);
        // tor writes the file in one go, "ADDRESS.onion\n": complete once it ends in a newline.
        var written = _tor.WaitForAsync(() => File.Exists(path) && File.ReadAllText(path) is var t && t.EndsWith('\n') ? t : null,
            $"{path}", limit).GetAwaiter().GetResult();
        if (written.TryGet(out var text, out var failure)) return text;
        throw failure.Kind == TorLaunchFailureKind.TimedOut
            ? new TimeoutException($"{failure.Message}:\n{Output}")
            : new InvalidOperationException($"{failure.Message}:\n{Output}");
    }

    /// <summary>Waits until tor's output contains <paramref name="text"/>; false on timeout or exit.</summary>
    public bool WaitForOutput(string text, TimeSpan? timeout = null) =>
        _tor.WaitForAsync(() => Output.Contains(text, StringComparison.Ordinal) ? text : null,
            $"\"{text}\" in its output", timeout ?? TimeSpan.FromSeconds(15)).GetAwaiter().GetResult().IsSuccess;

    public void Dispose()
    {
        _tor.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _dataDirectory.Dispose();
    }
}
