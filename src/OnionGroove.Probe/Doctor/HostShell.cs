using System.Diagnostics;

namespace OnionGroove.Probe.Doctor;

/// <summary>Runs a read-only command on a host: locally when the host is this machine (no address,
/// localhost or 127.0.0.1), else over ssh in batch mode (keys only, no prompts), as Ansible does;
/// with <paramref name="sshConfig"/> ssh reads that file (<c>ssh -F</c>: identity, known hosts, jump host).</summary>
public sealed class HostShell(string name, string? address, string? user, int? port, string? sshConfig = null)
{
    public string Name { get; } = name;
    public bool IsLocal => address is null or "localhost" or "127.0.0.1" or "::1";

    public sealed record Output(int ExitCode, string Stdout, string Stderr)
    {
        public bool Ok => ExitCode == 0;
    }

    public async Task<Output> RunAsync(string command, TimeSpan timeout, CancellationToken ct = default)
    {
        var psi = IsLocal ? new ProcessStartInfo("/bin/sh") : new ProcessStartInfo("ssh");
        if (IsLocal) { psi.ArgumentList.Add("-c"); psi.ArgumentList.Add(command); }
        else
        {
            if (sshConfig is not null) { psi.ArgumentList.Add("-F"); psi.ArgumentList.Add(sshConfig); }
            foreach (var a in new[] { "-o", "BatchMode=yes", "-o", "ConnectTimeout=10" }) psi.ArgumentList.Add(a);
            if (port is { } p) { psi.ArgumentList.Add("-p"); psi.ArgumentList.Add(p.ToString(System.Globalization.CultureInfo.InvariantCulture)); }
            psi.ArgumentList.Add(user is null ? address! : $"{user}@{address}");
            psi.ArgumentList.Add("--");
            psi.ArgumentList.Add(command);
        }
        psi.RedirectStandardOutput = psi.RedirectStandardError = true;
        psi.RedirectStandardInput = true;
        psi.UseShellExecute = false;
        using var process = Process.Start(psi);
        if (process is null) return new Output(127, "", $"cannot run {psi.FileName}");
        process.StandardInput.Close();
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(timeout);
        var stdout = process.StandardOutput.ReadToEndAsync(deadline.Token);
        var stderr = process.StandardError.ReadToEndAsync(deadline.Token);
        try
        {
            await process.WaitForExitAsync(deadline.Token).ConfigureAwait(false);
            return new Output(process.ExitCode, await stdout.ConfigureAwait(false), await stderr.ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            try { process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
            return new Output(124, "", $"no answer within {timeout.TotalSeconds:0} s");
        }
    }

    public override string ToString() => IsLocal ? $"{Name} (local)" : $"{Name} ({(user is null ? "" : user + "@")}{address})";
}
