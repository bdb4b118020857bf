using System.CommandLine;
using OnionGroove.Crypto;
using OnionGroove.Crypto.Keys;
using OnionGroove.Crypto.Files;

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
        if (!AuthPrivateFile.Read(path).TryGet(out var read, out var failure))
            throw failure.Kind switch
            {
                AuthPrivateFile.FailureKind.Unreadable => new CliError(ExitCodes.BadInput, $"cannot read client key {path}: {failure.Message}"),
                AuthPrivateFile.FailureKind.Empty => new CliError(ExitCodes.BadInput, $"client key {path} is empty"),
                _ => new CliError(ExitCodes.BadInput, $"client key {path}: {failure.Message}",
                    "expected tor's .auth_private format: <address>:descriptor:x25519:<base32 key>"),
            };
        if (read.Service != address)
        {
            read.Key.Dispose();
            throw new CliError(ExitCodes.Usage, $"client key {path} is for {read.Service}, not {address}");
        }
        return read.Key;
    }
}
