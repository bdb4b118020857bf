using System.CommandLine;
using OnionGroove.Crypto;

namespace OnionGroove.Cli.Commands.Descriptor;

/// <summary>Options shared by `descriptor decode` and `descriptor fetch`.</summary>
internal sealed class DescriptorOptions
{
    public Option<string?> ClientKey { get; } = new("--client-key")
    {
        Description = "Client authorisation key file in tor's .auth_private format (<address>:descriptor:x25519:<base32 key>)",
    };
    public Option<long?> TimePeriod { get; } = new("--time-period")
    {
        Description = "Time period number the descriptor was made for (default: found from the signing certificate's validity)",
    };
    public Option<int> PeriodLength { get; } = new("--period-length")
    {
        Description = "Time period length in minutes (1440 on the public network; 24 voting intervals on test networks)",
        DefaultValueFactory = _ => Crypto.TimePeriod.DefaultLengthMinutes,
    };
    public Option<int?> RotationOffset { get; } = new("--rotation-offset")
    {
        Description = "Time period rotation offset in minutes (default: half the period length, as tor)",
    };
    public Option<bool> Json { get; } = new("--json") { Description = "Print machine-readable JSON ({\"version\":1,\"data\":…})" };

    public void AddTo(Command cmd)
    {
        cmd.Options.Add(ClientKey); cmd.Options.Add(TimePeriod); cmd.Options.Add(PeriodLength); cmd.Options.Add(RotationOffset); cmd.Options.Add(Json);
    }

    /// <summary>Reads a .auth_private file; the key must belong to <paramref name="address"/>. Errors never echo the key.</summary>
    public static ClientAuthSecretKey ReadClientKey(string path, OnionAddress address)
    {
        string text;
        try { text = File.ReadAllText(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CliError(ExitCodes.BadInput, $"cannot read client key {path}: {e.Message}");
        }
        var line = text.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.Length > 0 && !l.StartsWith('#'));
        if (line is null) throw new CliError(ExitCodes.BadInput, $"client key {path} is empty");
        if (!ClientAuthSecretKey.TryParseAuthPrivateLine(line, out var forAddress, out var key, out var error))
            throw new CliError(ExitCodes.BadInput, $"client key {path}: {error}", "expected tor's .auth_private format: <address>:descriptor:x25519:<base32 key>");
        if (forAddress != address)
        {
            key.Dispose();
            throw new CliError(ExitCodes.Usage, $"client key {path} is for {forAddress}, not {address}");
        }
        return key;
    }
}
