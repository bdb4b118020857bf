using System.ComponentModel;
using System.Diagnostics;
using OnionGroove.Core;

namespace OnionGroove.Control.Launch;

/// <summary>The one way this project starts tor: writes the torrc, runs tor with it (no defaults
/// torrc, so the host's configuration does not leak in; tied to this process with
/// __OwningControllerProcess so that it never outlives us), keeps the end of its output, and waits
/// for its control port when asked, failing with tor's own complaint if tor exits first.</summary>
public static class TorLauncher
{
    public static async Task<Result<RunningTor, TorLaunchFailure>> StartAsync(TorLaunchOptions options, CancellationToken ct = default)
    {
        if (options.TorrcLines is { } lines)
            await File.WriteAllLinesAsync(options.TorrcPath, lines, ct).ConfigureAwait(false);
        if (options.ControlPortFile is { } portFile) File.Delete(portFile); // never read the previous run's port

        var psi = new ProcessStartInfo(options.TorPath)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            // tor never reads stdin; a pipe keeps it off our terminal.
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = options.WorkingDirectory ?? "",
        };
        foreach (var a in Arguments(options)) psi.ArgumentList.Add(a);

        Process process;
        try { process = Process.Start(psi) ?? throw new InvalidOperationException("no process"); }
        catch (Exception e) when (e is Win32Exception or InvalidOperationException)
        {
            return new TorLaunchFailure(TorLaunchFailureKind.CannotRun, $"cannot run {options.TorPath}: {e.Message}", "");
        }
        var tor = new RunningTor(process, options);
        process.OutputDataReceived += (_, e) => tor.Keep(e.Data);
        process.ErrorDataReceived += (_, e) =>
        {
            tor.Keep(e.Data);
            if (e.Data is { Length: > 0 } line) options.OnStandardError?.Invoke(line);
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (options.ControlPortFile is null) return tor;

        try
        {
            if (await tor.WaitForControlPortAsync(options.ControlPortFile, ct).ConfigureAwait(false) is not { } failure) return tor;
            await tor.DisposeAsync().ConfigureAwait(false);
            return failure;
        }
        catch
        {
            await tor.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private static IEnumerable<string> Arguments(TorLaunchOptions options)
    {
        yield return "-f";
        yield return options.TorrcPath;
        yield return "--defaults-torrc";
        yield return "/dev/null";
        yield return "--__OwningControllerProcess";
        yield return Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (options.ControlPortFile is { } file)
        {
            yield return "--ControlPortWriteToFile";
            yield return file;
        }
        foreach (var a in options.Arguments) yield return a;
    }

    /// <summary>The HashedControlPassword value for <paramref name="password"/> (<c>tor --hash-password</c>).</summary>
    public static async Task<Result<string, TorLaunchFailure>> HashPasswordAsync(string torPath, string password, CancellationToken ct = default)
    {
        var psi = new ProcessStartInfo(torPath) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { "--hash-password", password, "--quiet" }) psi.ArgumentList.Add(a);
        Process? p;
        try { p = Process.Start(psi); }
        catch (Win32Exception e) { return new TorLaunchFailure(TorLaunchFailureKind.CannotRun, $"cannot run {torPath} --hash-password: {e.Message}", ""); }
        if (p is null) return new TorLaunchFailure(TorLaunchFailureKind.CannotRun, $"cannot run {torPath} --hash-password", "");
        using (p)
        {
            var error = p.StandardError.ReadToEndAsync(ct);
            var output = await p.StandardOutput.ReadToEndAsync(ct).ConfigureAwait(false);
            await p.WaitForExitAsync(ct).ConfigureAwait(false);
            var hash = output.Split('\n').Select(l => l.Trim()).LastOrDefault(l => l.StartsWith("16:", StringComparison.Ordinal));
            return hash is not null ? hash
                : new TorLaunchFailure(TorLaunchFailureKind.Exited, "tor --hash-password printed no hash", output + await error.ConfigureAwait(false));
        }
    }

    /// <summary>Creates <paramref name="path"/> readable by us only (tor refuses a DataDirectory others can read).</summary>
    public static void CreatePrivateDirectory(string path)
    {
        Directory.CreateDirectory(path);
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }
}
