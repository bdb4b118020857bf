namespace OnionGroove.Control.Protocol;

/// <summary>tor rejected a command with a 4xx/5xx status (control-spec §4). The connection stays usable.</summary>
public sealed class ControlCommandException(string command, int status, string replyText)
    : Exception($"tor rejected {command}: {status} {replyText}")
{
    /// <summary>The command keyword (arguments are not kept: they may hold secrets).</summary>
    public string Command { get; } = command;
    public int Status { get; } = status;
    public string ReplyText { get; } = replyText;
}
