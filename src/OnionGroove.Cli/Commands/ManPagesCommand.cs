using System.CommandLine;
using System.Globalization;
using System.Reflection;
using OnionGroove.Cli.Commands.ManPages;

namespace OnionGroove.Cli.Commands;

/// <summary>`oniongroove manpages --out DIR` (hidden): writes the man pages generated from this
/// command tree; scripts/package-deb.sh runs it on the binary it packages.</summary>
public static class ManPagesCommand
{
    public static Command Create()
    {
        var output = new Option<string>("--out") { Description = "Folder to write oniongroove.1 and oniongroove-COMMAND.1 into", Required = true, HelpName = "DIR" };
        var cmd = new Command("manpages", "Write the man pages (section 1) generated from the command tree") { output };
        cmd.Hidden = true;
        cmd.SetAction(async (pr, ct) =>
        {
            var dir = pr.GetValue(output)!;
            Directory.CreateDirectory(dir);
            foreach (var page in ManPageWriter.Pages(CliApp.BuildRoot(), Version(), Date()))
            {
                await File.WriteAllTextAsync(Path.Combine(dir, page.FileName), page.Text, ct);
                await pr.InvocationConfiguration.Output.WriteLineAsync(Path.Combine(dir, page.FileName));
            }
            return ExitCodes.Ok;
        });
        return cmd;
    }

    /// <summary>The version `--version` prints, without the commit suffix.</summary>
    private static string Version()
    {
        var v = typeof(ManPagesCommand).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0";
        return v.Split('+')[0];
    }

    /// <summary>SOURCE_DATE_EPOCH when set (reproducible builds), else today.</summary>
    private static DateOnly Date() =>
        long.TryParse(Environment.GetEnvironmentVariable("SOURCE_DATE_EPOCH"), NumberStyles.None, CultureInfo.InvariantCulture, out var epoch)
            ? DateOnly.FromDateTime(DateTimeOffset.FromUnixTimeSeconds(epoch).UtcDateTime)
            : DateOnly.FromDateTime(DateTime.UtcNow);
}
