namespace OnionGroove.Control.Protocol;

/// <summary>What reading one reply produced: a reply, a clean end of stream between replies, or a
/// protocol error (the reason, phrased for a log line).</summary>
public readonly record struct ControlReadResult(ControlReply? Reply, string? Error)
{
    public bool IsEndOfStream => Reply is null && Error is null;

    public static ControlReadResult EndOfStream => default;
    public static ControlReadResult Ok(ControlReply reply) => new(reply, null);
    public static ControlReadResult Fail(string error) => new(null, error);
}
