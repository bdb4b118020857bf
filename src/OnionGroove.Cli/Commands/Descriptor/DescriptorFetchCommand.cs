using System.CommandLine;
using System.Text;
using OnionGroove.Control;
using OnionGroove.Control.Auth;
using OnionGroove.Control.HsFetch;
using OnionGroove.Control.Protocol;
using OnionGroove.Control.Transport;
using OnionGroove.Crypto;
using OnionGroove.Descriptors.HsDir;

namespace OnionGroove.Cli.Commands.Descriptor;

/// <summary>`oniongroove descriptor fetch ADDRESS [--client-key FILE] [--control ENDPOINT] [--timeout S] [--raw] [--json]`:
/// asks our tor to fetch the descriptor (HSFETCH), reads it from the HS_DESC_CONTENT event and decodes it.</summary>
internal static class DescriptorFetchCommand
{
    public static Command Create()
    {
        var options = new DescriptorOptions();
        var address = new Argument<string>("ADDRESS") { Description = "The onion address to fetch" };
        var control = new Option<string>("--control", "-c")
        {
            Description = "tor control endpoint: HOST:PORT or unix:/path", DefaultValueFactory = _ => "127.0.0.1:9051",
        };
        var password = new Option<string?>("--control-password") { Description = "Control port password (default: cookie or no authentication)" };
        var timeout = new Option<int>("--timeout") { Description = "Seconds to wait for the descriptor", DefaultValueFactory = _ => 60 };
        var raw = new Option<bool>("--raw") { Description = "Print the descriptor text as fetched instead of decoding it" };
        var cmd = new Command("fetch", "Fetch a descriptor through tor's control port, then verify, decrypt and show it") { address, control, password, timeout, raw };
        options.AddTo(cmd);
        cmd.SetAction(async (pr, ct) =>
        {
            var addr = DescriptorDecodeCommand.ParseAddress(pr.GetValue(address)!);
            if (!ControlEndpoint.Parse(pr.GetValue(control)!).TryGet(out var endpoint, out var epError))
                throw new CliError(ExitCodes.Usage, $"invalid --control endpoint: {epError.Message}");
            var (text, schedule) = await FetchAsync(endpoint, pr.GetValue(password), addr, TimeSpan.FromSeconds(pr.GetValue(timeout)), ct);
            if (pr.GetValue(raw)) { await pr.InvocationConfiguration.Output.WriteAsync(text); return ExitCodes.Ok; }
            var decoded = DescriptorDecodeCommand.Decode(Encoding.ASCII.GetBytes(text), addr, pr, options, schedule, DateTimeOffset.UtcNow);
            DescriptorReport.Write(pr.InvocationConfiguration.Output, decoded, pr.GetValue(options.Json));
            return ExitCodes.Ok;
        });
        return cmd;
    }

    /// <summary>The descriptor text, and the time-period schedule of tor's network when tor runs a
    /// test network (periods there are 24 voting intervals, not 1440 minutes).</summary>
    private static async Task<(string Text, (int Length, int Offset)? Schedule)> FetchAsync(ControlEndpoint endpoint, string? password,
        OnionAddress address, TimeSpan timeout, CancellationToken ct)
    {
        TorController tor;
        try { tor = await TorController.ConnectAsync(endpoint, ControlAuth.Auto(password), null, ct); }
        catch (Exception e) when (e is IOException or System.Net.Sockets.SocketException or ControlAuthenticationException or ControlProtocolException)
        {
            throw new CliError(ExitCodes.External, $"cannot use tor's control port at {endpoint}: {e.Message}",
                "start tor with ControlPort (or ControlSocket) and pass it with --control");
        }
        await using var _ = tor;
        // One deadline for the whole command, as the user asked for it.
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(timeout);
        CliError NoDescriptor() => new(ExitCodes.External, $"no descriptor for {address.ServiceId}.onion within {timeout.TotalSeconds:0} s",
            "is tor bootstrapped, and is the service published?");
        try
        {
            var fetched = await tor.FetchHsDescriptorAsync(address, timeout, deadline.Token);
            if (!fetched.TryGet(out var text, out var error))
            {
                throw error.Kind switch
                {
                    HsFetchErrorKind.TimedOut => NoDescriptor(),
                    HsFetchErrorKind.Refused => new CliError(ExitCodes.External, $"tor refused the fetch: {error.Detail}"),
                    _ => new CliError(ExitCodes.External, error.Detail),
                };
            }
            return (text, await TestNetworkScheduleAsync(tor, deadline.Token));
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested) { throw NoDescriptor(); }
    }

    /// <summary>With TestingTorNetwork, tor ignores hsdir_interval: a period is one SRV run (24
    /// voting intervals) and the offset 12 (rend-spec-v3 §2.2.1; shared/notes). Null on the real
    /// network, or when tor cannot tell (then the 1440-minute default applies).</summary>
    private static async Task<(int, int)?> TestNetworkScheduleAsync(TorController tor, CancellationToken ct)
    {
        var network = await tor.GetNetworkScheduleAsync(ct);
        if (!network.TryGet(out var n, out _) || !n.TestingNetwork) return null;
        var schedule = new TimePeriodSchedule(n.VotingInterval, TimePeriod.DefaultLengthMinutes, testingNetwork: true);
        return (schedule.LengthMinutes, schedule.RotationOffsetMinutes);
    }
}
