using System.Diagnostics;

namespace OnionGroove.TestNetwork;

/// <summary>A directory authority's identities: the v3 authority identity (tor-gencert, whose
/// fingerprint is the DirAuthority "v3ident") and the relay identity fingerprint
/// (tor --list-fingerprint). Both go on the DirAuthority line.</summary>
internal sealed record AuthorityKeys(string V3Ident, string Fingerprint)
{
    // The relay identity files tor would otherwise generate; kept with the authority identity.
    private static readonly string[] RelayIdentityFiles = ["secret_id_key", "ed25519_master_id_secret_key", "ed25519_master_id_public_key"];

    public static async Task<AuthorityKeys> CreateAsync(TorNetworkOptions options, string dataDirectory, string nickname,
        int orPort, int dirPort, CancellationToken ct)
    {
        var cache = options.AuthorityKeyCache is null ? null : Path.Combine(options.AuthorityKeyCache, nickname);
        var cachedIdentity = cache is null ? null : Path.Combine(cache, "authority_identity_key");
        var fromCache = cachedIdentity is not null && File.Exists(cachedIdentity)
                        && RelayIdentityFiles.All(f => File.Exists(Path.Combine(cache!, f)));
        var keys = Path.Combine(dataDirectory, "keys");
        Directory.CreateDirectory(keys);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(dataDirectory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            File.SetUnixFileMode(keys, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        var cert = Path.Combine(keys, "authority_certificate");
        if (fromCache)
            foreach (var f in RelayIdentityFiles.Append("authority_identity_key"))
                File.Copy(Path.Combine(cache!, f), Path.Combine(keys, f), overwrite: true);
        // Empty passphrase on stdin; -m 12: the certificate is valid for a year.
        string[] create = fromCache ? [] : ["--create-identity-key"];
        await RunAsync(options.TorGencertPath, [
            .. create, "-m", "12", "-a", $"{options.Address}:{dirPort}",
            "-i", Path.Combine(keys, "authority_identity_key"),
            "-s", Path.Combine(keys, "authority_signing_key"),
            "-c", cert, "--passphrase-fd", "0"], "\n", ct).ConfigureAwait(false);
        var v3ident = File.ReadLines(cert).FirstOrDefault(l => l.StartsWith("fingerprint ", StringComparison.Ordinal))?[12..].Trim()
                      ?? throw new TorNetworkException($"tor-gencert wrote no fingerprint to {cert}");

        var torrc = Path.Combine(dataDirectory, "fingerprint-torrc");
        await File.WriteAllLinesAsync(torrc, [
            $"DataDirectory {dataDirectory}", $"Nickname {nickname}", $"ORPort {options.Address}:{orPort}",
            $"Address {options.Address}", "SocksPort 0", "ContactInfo test-network", "Log err stdout"], ct).ConfigureAwait(false);
        await RunAsync(options.TorPath, ["--list-fingerprint", "-f", torrc], null, ct).ConfigureAwait(false);
        // DataDirectory/fingerprint: "nickname FINGERPRINT"
        var line = (await File.ReadAllTextAsync(Path.Combine(dataDirectory, "fingerprint"), ct).ConfigureAwait(false)).Trim();
        var fingerprint = line.Split(' ').LastOrDefault() ?? "";
        if (fingerprint.Length != 40 || !fingerprint.All(char.IsAsciiHexDigit))
            throw new TorNetworkException($"unexpected fingerprint file for {nickname}: {line}");
        if (cache is not null && !fromCache) SaveToCache(keys, cache);
        return new AuthorityKeys(v3ident, fingerprint);
    }

    /// <summary>Publishes the identity files to the cache atomically (a temp folder renamed into
    /// place), so concurrent test runs never see half a set.</summary>
    private static void SaveToCache(string keys, string cache)
    {
        try
        {
            var parent = Path.GetDirectoryName(cache)!;
            Directory.CreateDirectory(parent);
            if (!OperatingSystem.IsWindows())
                File.SetUnixFileMode(parent, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            var temp = cache + "." + Guid.NewGuid().ToString("N");
            Directory.CreateDirectory(temp);
            foreach (var f in RelayIdentityFiles.Append("authority_identity_key"))
                File.Copy(Path.Combine(keys, f), Path.Combine(temp, f));
            try
            {
                if (!Directory.Exists(cache)) Directory.Move(temp, cache);
            }
            finally
            {
                if (Directory.Exists(temp)) Directory.Delete(temp, recursive: true);
            }
        }
        catch (IOException) { /* another run won the race; its keys are as good */ }
        catch (UnauthorizedAccessException) { }
    }

    private static async Task RunAsync(string file, string[] args, string? stdin, CancellationToken ct)
    {
        var psi = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false,
        };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi) ?? throw new TorNetworkException($"cannot start {file}");
        var so = p.StandardOutput.ReadToEndAsync(ct);
        var se = p.StandardError.ReadToEndAsync(ct);
        if (stdin is not null) await p.StandardInput.WriteAsync(stdin).ConfigureAwait(false);
        p.StandardInput.Close();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(60));
        try { await p.WaitForExitAsync(timeout.Token).ConfigureAwait(false); }
        catch (OperationCanceledException)
        {
            p.Kill();
            throw;
        }
        if (p.ExitCode != 0)
            throw new TorNetworkException($"{file} {string.Join(' ', args)} failed ({p.ExitCode}): {await se.ConfigureAwait(false)}{await so.ConfigureAwait(false)}");
    }
}
