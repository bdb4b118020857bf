using System.CommandLine;
using OnionGroove.Descriptors.Offline;

namespace OnionGroove.Cli.Commands.Bundle;

/// <summary>`oniongroove bundle inspect FILE [--json]`: verify a signing bundle and show its range and remaining time.</summary>
internal static class BundleInspectCommand
{
    public static Command Create()
    {
        var file = new Argument<string>("FILE") { Description = "A signing bundle written by `oniongroove site certify`" };
        var json = new Option<bool>("--json") { Description = "Print machine-readable JSON ({\"version\":1,\"data\":…})" };
        var cmd = new Command("inspect", "Verify a signing bundle (every certificate chains to the address) and show its periods and days left; no secrets are printed") { file, json };
        cmd.SetAction(pr =>
        {
            var path = pr.GetValue(file)!;
            using var bundle = Read(path);
            var now = DateTimeOffset.UtcNow;
            if (pr.GetValue(json)) JsonOutput.Write(pr.InvocationConfiguration.Output, BundleReport.ToJson(bundle, now, path));
            else BundleReport.Print(pr.InvocationConfiguration.Output, bundle, now, path);
            return ExitCodes.Ok;
        });
        return cmd;
    }

    /// <summary>Reads and verifies a bundle; any problem is exit 3 with the parser's precise message.</summary>
    public static SigningBundle Read(string path) =>
        SigningBundleFile.Read(path).TryGet(out var bundle, out var problem) ? bundle : throw new CliError(ExitCodes.BadInput, problem.ToString());
}
