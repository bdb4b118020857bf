using System.CommandLine;
using System.Text;
using OnionGroove.Control;
using OnionGroove.Control.Auth;
using OnionGroove.Control.Events;
using OnionGroove.Control.Protocol;
using OnionGroove.Control.Transport;

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
            if (!ControlEndpoint.TryParse(pr.GetValue(control)!, out var endpoint, out var epError))
                throw new CliError(ExitCodes.Usage, $"invalid --control endpoint: {epError}");
            var text = await FetchAsync(endpoint, pr.GetValue(password), addr.ServiceId, TimeSpan.FromSeconds(pr.GetValue(timeout)), ct);
            if (pr.GetValue(raw)) { await pr.InvocationConfiguration.Output.WriteAsync(text); return ExitCodes.Ok; }
            var decoded = DescriptorDecodeCommand.Decode(Encoding.ASCII.GetBytes(text), addr, pr, options);
            DescriptorReport.Write(pr.InvocationConfiguration.Output, decoded, pr.GetValue(options.Json));
            return ExitCodes.Ok;
        });
        return cmd;
    }

    private static async Task<string> FetchAsync(ControlEndpoint endpoint, string? password, string serviceId, TimeSpan timeout, CancellationToken ct)
    {
        TorController tor;
        try { tor = await TorController.ConnectAsync(endpoint, ControlAuth.Auto(password), null, ct); }
        catch (Exception e) when (e is IOException or System.Net.Sockets.SocketException or ControlAuthenticationException or ControlProtocolException)
        {
            throw new CliError(ExitCodes.External, $"cannot use tor's control port at {endpoint}: {e.Message}",
                "start tor with ControlPort (or ControlSocket) and pass it with --control");
        }
        await using var _ = tor;
        using var events = tor.SubscribeEvents();
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(timeout);
        try
        {
            await tor.SetEventsAsync(["HS_DESC", "HS_DESC_CONTENT"], deadline.Token);
            await tor.HsFetchAsync(serviceId, null, deadline.Token);
            await foreach (var ev in events.ReadAllAsync(deadline.Token))
            {
                if (ev is HsDescContentEvent c && c.Address == serviceId && c.Descriptor.Length > 0) return c.Descriptor;
            }
            throw new CliError(ExitCodes.External, "tor closed the control connection before the descriptor arrived");
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new CliError(ExitCodes.External, $"no descriptor for {serviceId}.onion within {timeout.TotalSeconds:0} s",
                "is tor bootstrapped, and is the service published?");
        }
        catch (ControlCommandException e)
        {
            throw new CliError(ExitCodes.External, $"tor refused the fetch: {e.Message}");
        }
    }
}
