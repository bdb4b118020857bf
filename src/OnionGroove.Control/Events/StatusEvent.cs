using OnionGroove.Control.Protocol;

namespace OnionGroove.Control.Events;

/// <summary>STATUS_CLIENT / STATUS_GENERAL / STATUS_SERVER (control-spec §4.1.10), e.g.
/// <c>STATUS_CLIENT NOTICE BOOTSTRAP PROGRESS=100 TAG=done SUMMARY="Done"</c>.</summary>
public sealed class StatusEvent : TorEvent
{
    public string Severity { get; }
    /// <summary>The status action, e.g. BOOTSTRAP, CIRCUIT_ESTABLISHED.</summary>
    public string Action { get; }
    public ReplyArguments Arguments { get; }

    private StatusEvent(string type, ControlReply reply, string severity, string action, ReplyArguments arguments)
        : base(type, reply)
    {
        Severity = severity; Action = action; Arguments = arguments;
    }

    /// <summary>For BOOTSTRAP: PROGRESS as a number.</summary>
    public int? BootstrapProgress =>
        Action == "BOOTSTRAP" && int.TryParse(Arguments["PROGRESS"], out var p) ? p : null;

    internal static TorEvent Parse(string type, ControlReply reply, string arguments)
    {
        if (!ReplyArguments.Parse(arguments).TryGet(out var args, out var error)) return new RawTorEvent(type, reply, error.Message);
        var positional = args.Positional.Take(2).ToList();
        if (positional.Count < 2) return new RawTorEvent(type, reply, $"{type} needs Severity Action");
        return new StatusEvent(type, reply, positional[0], positional[1], args);
    }
}
