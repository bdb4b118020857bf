using System.CommandLine;
using OnionGroove.Crypto;
using OnionGroove.Descriptors;
using OnionGroove.Descriptors.OuterLayer;
using OnionGroove.Descriptors.Parsing;

namespace OnionGroove.Cli.Commands.Descriptor;

/// <summary>`oniongroove descriptor decode --address ADDR [--client-key FILE] [--time-period N] [--json] FILE|-`.</summary>
internal static class DescriptorDecodeCommand
{
    public static Command Create()
    {
        var options = new DescriptorOptions();
        var address = new Option<string>("--address", "-a") { Description = "The onion address the descriptor belongs to", Required = true };
        var file = new Argument<string>("FILE") { Description = "Descriptor file, or - for standard input" };
        var cmd = new Command("decode", "Verify and decrypt a v3 descriptor and show its contents") { address, file };
        options.AddTo(cmd);
        cmd.SetAction(pr =>
        {
            var addr = ParseAddress(pr.GetValue(address)!);
            var bytes = ReadInput(pr.GetValue(file)!);
            var decoded = Decode(bytes, addr, pr, options);
            DescriptorReport.Write(pr.InvocationConfiguration.Output, decoded, pr.GetValue(options.Json));
            return ExitCodes.Ok;
        });
        return cmd;
    }

    internal static OnionAddress ParseAddress(string text) =>
        OnionAddress.TryParse(text, out var a, out var error) ? a : throw new CliError(ExitCodes.Usage, $"invalid onion address \"{text}\": {error}");

    private static byte[] ReadInput(string path)
    {
        try
        {
            if (path == "-")
            {
                using var ms = new MemoryStream();
                Console.OpenStandardInput().CopyTo(ms);
                return ms.ToArray();
            }
            return File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CliError(ExitCodes.BadInput, $"cannot read {path}: {e.Message}");
        }
    }

    /// <summary>Parses, finds the time period, verifies and decrypts; every failure becomes a <see cref="CliError"/>.</summary>
    /// <param name="networkSchedule">Period length and rotation offset (minutes) of the network the
    /// descriptor came from, when known (fetch asks tor); used unless --period-length is given.</param>
    /// <param name="fetchedAt">When the descriptor was fetched (fetch only): the periods around it are
    /// tried too, since a descriptor on an HSDir is for the current or the next period.</param>
    internal static DecodedDescriptor Decode(byte[] bytes, OnionAddress address, System.CommandLine.ParseResult pr, DescriptorOptions o,
        (int Length, int Offset)? networkSchedule = null, DateTimeOffset? fetchedAt = null)
    {
        var lengthGiven = pr.GetResult(o.PeriodLength) is { Implicit: false };
        var length = pr.GetValue(o.PeriodLength);
        int? defaultOffset = null;
        if (!lengthGiven && networkSchedule is { } ns) (length, defaultOffset) = ns;
        if (length <= 0) throw new CliError(ExitCodes.Usage, "--period-length must be positive");
        var offset = pr.GetValue(o.RotationOffset) ?? defaultOffset ?? length / 2;
        var outerResult = OuterLayerDocument.Parse(bytes);
        if (!outerResult.TryGet(out var outer, out var err)) throw Fail(err);

        TimePeriod period;
        bool guessed = false;
        if (pr.GetValue(o.TimePeriod) is { } n) period = new TimePeriod(n, length, offset);
        else
        {
            var found = TimePeriodGuess.Find(outer, address.PublicKey, length, offset, fetchedAt);
            if (found is null)
            {
                var c = TimePeriodGuess.Candidates(outer, length, offset);
                throw new CliError(ExitCodes.BadInput,
                    $"the descriptor is not signed by a blinded key of {address} for time periods {c.Min(p => p.Number)}–{c.Max(p => p.Number)} (length {length} min)",
                    "check the address; give --time-period N (and --period-length for test networks) if the period is elsewhere");
            }
            period = found.Value;
            guessed = true;
        }
        using var client = pr.GetValue(o.ClientKey) is { } keyPath ? DescriptorOptions.ReadClientKey(keyPath, address) : null;
        var decoded = DecodedDescriptor.Decode(outer, bytes.Length, address, period, guessed, client);
        return decoded.TryGet(out var d, out err) ? d : throw Fail(err, period);
    }

    private static CliError Fail(DescriptorError e, TimePeriod? period = null) => e.Kind switch
    {
        DescriptorErrorKind.DecryptionFailed when e.Layer == "second layer" =>
            new CliError(ExitCodes.NoIdentity, $"cannot decrypt the descriptor: {e}", "give the client's key with --client-key FILE (.auth_private format)"),
        DescriptorErrorKind.WrongBlindedKey or DescriptorErrorKind.DecryptionFailed =>
            new CliError(ExitCodes.BadInput, $"descriptor does not belong to this address{(period is { } p ? $" in time period {p.Number}" : "")}: {e}",
                "check --address and --time-period"),
        _ => new CliError(ExitCodes.BadInput, $"invalid descriptor: {e}"),
    };
}
