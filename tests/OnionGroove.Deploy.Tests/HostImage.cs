using System.Security.Cryptography;
using OnionGroove.TestSupport;

namespace OnionGroove.Deploy.Tests;

/// <summary>The Debian image the host tests boot (scripts/hosts-image.sh). Building it takes minutes,
/// so it is built once per machine and version of the script, under /var/tmp (not /tmp, which some
/// machines keep in memory), and kept for the next run; every fixture of a run shares it, and
/// <c>flock</c> keeps two test processes from building it at once. OG_HOSTS_IMAGE names another folder.</summary>
internal static class HostImage
{
    private static string Script => Path.Combine(Ansible.Root, "scripts", "hosts-image.sh");

    public static string Folder { get; } = Environment.GetEnvironmentVariable("OG_HOSTS_IMAGE") is { Length: > 0 } reuse
        ? reuse
        : Path.Combine("/var/tmp", "og-hosts-image-" + Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(Script)))[..12]);

    private static readonly Lazy<ExternalProgram.Result> Built = new(() =>
        ExternalProgram.Run("flock", [Folder + ".lock", Script, Folder], timeout: TimeSpan.FromMinutes(25)));

    /// <summary>Builds the image unless a finished one is there (the script's own check).</summary>
    public static ExternalProgram.Result Ensure() => Built.Value;
}

/// <summary>The oniongroove Debian package the host tests install, built once per test run by
/// scripts/package-deb.sh from one `dotnet publish` (as the script publishes it, --small, as hosts get it).
/// OG_DEPLOY_BINARY packages a published binary instead; OG_DEPLOY_DEB uses a finished package.</summary>
internal static class TestPackage
{
    private static readonly string Work = Path.Combine("/var/tmp", "og-package-" + Guid.NewGuid().ToString("N")[..8]);

    private static readonly Lazy<(ExternalProgram.Result Result, string Deb)> Built = new(Build);

    /// <summary>The script's run (for the fixture's log) and the .deb it made.</summary>
    public static (ExternalProgram.Result Result, string Deb) Ensure() => Built.Value;

    private static (ExternalProgram.Result, string) Build()
    {
        if (Environment.GetEnvironmentVariable("OG_DEPLOY_DEB") is { Length: > 0 } deb)
            return (new ExternalProgram.Result(0, deb, ""), deb);
        Directory.CreateDirectory(Work);
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try { Directory.Delete(Work, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        };
        string[] source = Environment.GetEnvironmentVariable("OG_DEPLOY_BINARY") is { Length: > 0 } b ? ["--binary", b] : ["--small"];
        var r = ExternalProgram.Run(Path.Combine(Ansible.Root, "scripts", "package-deb.sh"), [.. source, Work],
            workingDirectory: Ansible.Root, timeout: TimeSpan.FromMinutes(25),
            env: new Dictionary<string, string> { ["TMPDIR"] = Work });
        return (r, r.Stdout.Trim());
    }
}
