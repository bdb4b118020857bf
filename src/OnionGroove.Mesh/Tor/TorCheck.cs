using System.Diagnostics;
using OnionGroove.Control;
using OnionGroove.Control.Auth;
using OnionGroove.Control.Launch;
using OnionGroove.Control.Protocol;
using OnionGroove.Core;
using OnionGroove.Mesh.Config;

namespace OnionGroove.Mesh.Tor;

/// <summary>What `mesh init` checks before it creates anything (Tahoe's rule: every configuration
/// error shows at creation, not at start): a tor to launch exists, runs and accepts the torrc the
/// agent will give it; a tor to attach to answers, accepts our authentication and is in the mode
/// the node asks for.</summary>
public static class TorCheck
{
    /// <summary>The full path of <paramref name="executable"/> (looked up on PATH when it has no '/').</summary>
    public static Result<string, Problem> Resolve(string executable)
    {
        if (executable.Contains('/'))
            return File.Exists(executable) ? Path.GetFullPath(executable) : new Problem($"tor executable {executable} does not exist");
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(dir, executable);
            if (File.Exists(candidate)) return candidate;
        }
        return new Problem($"'{executable}' is not on PATH (install tor, e.g. apt install tor, or give --tor-executable PATH)");
    }

    /// <summary>Runs <c>tor --verify-config</c> on the torrc the agent would write (in a scratch
    /// directory): tor's version, or tor's own complaint.</summary>
    public static async Task<Result<string, Problem>> VerifyLaunchAsync(string executable, MeshTorSettings tor, AnonymityMode mode, CancellationToken ct)
    {
        var scratch = Directory.CreateTempSubdirectory("ogmesh-check").FullName;
        try
        {
            var torDir = Path.Combine(scratch, "tor");
            Directory.CreateDirectory(torDir);
            if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(torDir, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            var torrc = Path.Combine(scratch, "torrc");
            await File.WriteAllLinesAsync(torrc, TorSupervisor.TorrcFor(torDir, MeshTorAccess.WrittenBy, MeshTorAccess.TorrcLines(tor, mode)), ct).ConfigureAwait(false);
            var (code, output) = await RunAsync(executable, ["--verify-config", "-f", torrc], ct).ConfigureAwait(false);
            if (code is null) return new Problem($"cannot run {executable}: {output}");
            if (code != 0)
            {
                var complaint = string.Join(" | ", output.Split('\n').Where(l => l.Contains("[err]") || l.Contains("[warn]")).Select(l => l[l.IndexOf('[')..].Trim()).Distinct().TakeLast(4));
                return new Problem($"tor refuses the configuration the agent would give it: {(complaint.Length > 0 ? complaint : output.Trim())}");
            }
            var (_, version) = await RunAsync(executable, ["--version"], ct).ConfigureAwait(false);
            return version.Split('\n').FirstOrDefault(l => l.StartsWith("Tor version", StringComparison.Ordinal))?.Trim().TrimEnd('.') ?? "tor";
        }
        finally
        {
            try { Directory.Delete(scratch, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }

    /// <summary>Connects and authenticates to a running tor: its version, or why not.</summary>
    public static async Task<Result<string, Problem>> VerifyAttachAsync(MeshTorSettings settings, AnonymityMode mode, CancellationToken ct)
    {
        var access = MeshTorAccess.For(settings, torDirectory: "/nonexistent");
        using var quick = CancellationTokenSource.CreateLinkedTokenSource(ct);
        quick.CancelAfter(TimeSpan.FromSeconds(15));
        try
        {
            await using var tor = await TorController.ConnectAsync(access.Endpoint, access.Auth, ct: quick.Token).ConfigureAwait(false);
            var version = await tor.GetInfoAsync("version", quick.Token).ConfigureAwait(false);
            var nonAnonymous = (await tor.GetConfAsync("HiddenServiceNonAnonymousMode", quick.Token).ConfigureAwait(false)).FirstOrDefault() == "1";
            if (mode == AnonymityMode.SingleHop && !nonAnonymous)
                return new Problem($"tor at {access.Endpoint} is not in non-anonymous mode: single-hop needs HiddenServiceNonAnonymousMode 1 and HiddenServiceSingleHopMode 1 in its torrc (or let the node launch its own tor)");
            if (mode == AnonymityMode.TorOnly && nonAnonymous)
                return new Problem($"tor at {access.Endpoint} runs in non-anonymous mode (HiddenServiceNonAnonymousMode 1): a tor-only node needs an anonymous tor");
            return "Tor version " + version;
        }
        catch (ControlAuthenticationException e) { return new Problem($"tor at {access.Endpoint} refused our authentication: {e.Message}"); }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested) { return new Problem($"tor at {access.Endpoint} did not answer within 15 s"); }
        catch (Exception e) when (e is IOException or System.Net.Sockets.SocketException or ControlProtocolException or ControlCommandException or UnauthorizedAccessException)
        {
            return new Problem($"cannot reach tor's control port {access.Endpoint}: {e.Message}");
        }
    }

    private static async Task<(int? Code, string Output)> RunAsync(string exe, string[] args, CancellationToken ct)
    {
        var psi = new ProcessStartInfo(exe) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) psi.ArgumentList.Add(a);
        Process p;
        try { p = Process.Start(psi)!; }
        catch (System.ComponentModel.Win32Exception e) { return (null, e.Message); }
        using (p)
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(TimeSpan.FromSeconds(60));
            var stdout = p.StandardOutput.ReadToEndAsync(timeout.Token);
            var stderr = p.StandardError.ReadToEndAsync(timeout.Token);
            try { await p.WaitForExitAsync(timeout.Token).ConfigureAwait(false); }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                try { p.Kill(); } catch (InvalidOperationException) { }
                return (null, "it did not finish within 60 s");
            }
            return (p.ExitCode, await stdout.ConfigureAwait(false) + await stderr.ConfigureAwait(false));
        }
    }
}
