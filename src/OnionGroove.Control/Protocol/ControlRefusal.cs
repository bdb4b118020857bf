namespace OnionGroove.Control.Protocol;

/// <summary>What tor would not answer: it rejected the command (a 4xx/5xx <see cref="Status"/>,
/// e.g. 551 while it has no consensus yet), or its answer was not what the command promises
/// (no status). The value form of <see cref="ControlCommandException"/> for typed queries.</summary>
public sealed record ControlRefusal(string Command, int? Status, string Reason)
{
    public static ControlRefusal From(ControlCommandException e) => new(e.Command, e.Status, e.ReplyText);

    /// <summary>Worded like <see cref="ControlCommandException"/>'s message for a rejection.</summary>
    public override string ToString() =>
        Status is { } s ? $"tor rejected {Command}: {s} {Reason}" : $"tor's answer to {Command} is unusable: {Reason}";
}
