using OnionGroove.Crypto;
using OnionGroove.Crypto.Files;
using OnionGroove.Crypto.Keys;
using OnionGroove.Crypto.Vanity;

namespace OnionGroove.Cli.Commands.Keygen;

/// <summary>`keygen --apply-offset OFFSET --key FILE_OR_DIR --expect ADDRESS --out DIR`: turns the
/// secret key into the one a split-key search promised, refusing unless it has the expected address.</summary>
internal static class KeygenApply
{
    public static int Run(KeygenRequest request, TextWriter stdout, CancellationToken ct)
    {
        if (request.PrefixTexts.Length > 0 || request.PrefixFile is not null || request.From is not null || request.Count != 1)
            throw new CliError(ExitCodes.Usage, "--apply-offset takes --key, --expect and --out (and --json); the search options belong to the --from run");
        if (request.KeyPath is null) throw new CliError(ExitCodes.Usage, "--apply-offset needs --key: the hs_ed25519_secret_key file or HiddenServiceDir the search's public key came from");
        if (request.Expect is null) throw new CliError(ExitCodes.Usage, "--apply-offset needs --expect ADDRESS: the address the search printed next to the offset");
        if (request.OutDir is null) throw new CliError(ExitCodes.Usage, "--apply-offset needs --out DIR: a new folder for the derived key's files");

        if (!VanityOffset.Parse(request.ApplyOffset).TryGet(out var offset, out var offsetProblem))
            throw new CliError(ExitCodes.BadInput, $"--apply-offset: {offsetProblem.Message}");
        if (!OnionAddress.TryParse(request.Expect.Trim(), out var expected, out var addressError))
            throw new CliError(ExitCodes.BadInput, $"--expect {request.Expect}: {addressError}");
        var dirs = new KeyFolders(request.OutDir, 1);
        if (dirs.CheckWritable() is { } refused) throw KeygenRun.Refused(refused);
        ct.ThrowIfCancellationRequested();

        var read = Directory.Exists(request.KeyPath) ? TorKeyFiles.ReadHiddenServiceDir(request.KeyPath) : TorKeyFiles.ReadSecretKey(request.KeyPath);
        if (!read.TryGet(out var key, out var keyProblem)) throw new CliError(ExitCodes.BadInput, $"--key: {keyProblem.Message}");
        using (key)
        {
            using var derived = offset.ApplyTo(key);
            if (derived.Address != expected)
            {
                // Only public values in the message: the addresses involved.
                throw new CliError(ExitCodes.BadInput,
                    $"refusing: the offset applied to the key of {key.Address} gives {derived.Address}, not the expected {expected}; nothing written",
                    "the offset fits only the key whose public key the search was given (--from): check that --key is that key",
                    "or the offset or the address was mistyped: copy both from the same line of the search's output");
            }
            var dir = dirs.Write(derived).TryGet(out var written, out var refusal) ? written : throw KeygenRun.Refused(refusal);
            if (request.Json)
                JsonOutput.Write(stdout, new { address = derived.Address.ToString(), directory = dir, from = key.Address.ToString() });
            else
                stdout.WriteLine($"{derived.Address}\t{dir}");
        }
        return ExitCodes.Ok;
    }
}
