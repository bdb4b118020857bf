using System.CommandLine;
using OnionGroove.Cli.Commands.Keygen;

namespace OnionGroove.Cli.Commands;

/// <summary>`oniongroove keygen [--prefix P]… [--prefix-file F] [--count N] [--out DIR] [--threads N] [--json]`,
/// the split-key pair `keygen --from PUBKEY --prefix P…` / `keygen --apply-offset K --key DIR --expect ADDR --out DIR`,
/// and `oniongroove keygen --bench [--seconds S] [--threads N] [--json]`.</summary>
public static class KeygenCommand
{
    public static Command Create()
    {
        var prefix = new Option<string[]>("--prefix", "-p")
        {
            HelpName = "PREFIX",
            Description = "Wanted start of the onion address (a-z, 2-7); repeat for alternatives. Each character multiplies the work by 32",
        };
        var count = new Option<int>("--count", "-n") { HelpName = "N", Description = "Number of keys to generate", DefaultValueFactory = _ => 1 };
        var output = new Option<string?>("--out", "-o")
        {
            HelpName = "DIR",
            Description = "Write tor HiddenServiceDir folders: DIR itself for one key, DIR/<address>/ for each key with --count > 1. " +
                          "Without --out only the addresses are printed (the secret keys are discarded)",
        };
        var threads = new Option<int>("--threads", "-t") { HelpName = "N", Description = "Search threads (default: one per processor)" };
        var json = new Option<bool>("--json") { Description = "Print machine-readable JSON ({\"version\":1,\"data\":…})" };
        var bench = new Option<bool>("--bench") { Description = "Measure the vanity search speed (candidates per second) instead of generating keys" };
        var seconds = new Option<double>("--seconds") { HelpName = "S", Description = "How long --bench measures", DefaultValueFactory = _ => 10 };
        var prefixFile = new Option<string?>("--prefix-file")
        {
            HelpName = "FILE",
            Description = "More wanted prefixes, one a line (# starts a comment); thousands cost about what one does",
        };
        var from = new Option<string?>("--from")
        {
            HelpName = "PUBKEY",
            Description = "Split-key search: find offsets for this public key (onion address, 64 hex digits, hs_ed25519_public_key file " +
                          "or HiddenServiceDir) without its secret key; prints ADDRESS<TAB>OFFSET. See docs/vanity.md",
        };
        var applyOffset = new Option<string?>("--apply-offset")
        {
            HelpName = "OFFSET",
            Description = "Turn the secret key of --key into the key a --from search promised (checked against --expect) and write it to --out",
        };
        var key = new Option<string?>("--key") { HelpName = "FILE_OR_DIR", Description = "With --apply-offset: the hs_ed25519_secret_key file or HiddenServiceDir" };
        var expect = new Option<string?>("--expect") { HelpName = "ADDRESS", Description = "With --apply-offset: the address the search printed next to the offset" };

        var cmd = new Command("keygen", "Generate onion service identity keys, optionally with a vanity address prefix")
        {
            prefix, count, output, threads, json, bench, seconds, prefixFile, from, applyOffset, key, expect,
        };
        cmd.SetAction((pr, ct) =>
        {
            var request = new KeygenRequest(
                pr.GetValue(prefix) ?? [], pr.GetValue(count), pr.GetValue(output), pr.GetValue(threads), pr.GetValue(json))
            {
                PrefixFile = pr.GetValue(prefixFile),
                From = pr.GetValue(from),
                ApplyOffset = pr.GetValue(applyOffset),
                KeyPath = pr.GetValue(key),
                Expect = pr.GetValue(expect),
            };
            var stdout = pr.InvocationConfiguration.Output;
            var stderr = pr.InvocationConfiguration.Error;
            var code = pr.GetValue(bench) ? KeygenBench.Run(request, pr.GetValue(seconds), stdout, stderr, ct)
                : request.ApplyOffset is not null ? KeygenApply.Run(request, stdout, ct)
                : request.From is not null ? KeygenFrom.Run(request, stdout, stderr, ct)
                : KeygenRun.Run(request, stdout, stderr, ct);
            return Task.FromResult(code);
        });
        return cmd;
    }
}
