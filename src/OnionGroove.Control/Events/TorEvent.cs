using OnionGroove.Control.Protocol;

namespace OnionGroove.Control.Events;

/// <summary>An asynchronous event (a 650 reply, control-spec §4.1). Known kinds arrive as the typed
/// subclasses; anything else (or a known kind that did not parse) as <see cref="RawTorEvent"/>.</summary>
public abstract class TorEvent
{
    /// <summary>The event keyword, e.g. "HS_DESC".</summary>
    public string Type { get; }

    /// <summary>The whole reply as tor sent it.</summary>
    public ControlReply Reply { get; }

    protected TorEvent(string type, ControlReply reply) { Type = type; Reply = reply; }

    /// <summary>First-line text after the keyword.</summary>
    public string ArgumentText => Reply.FirstText.Length > Type.Length ? Reply.FirstText[(Type.Length + 1)..] : "";

    public override string ToString() => Reply.FirstText;
}

/// <summary>An event passed through unparsed: an unknown keyword, or a known one whose text did not
/// match its grammar (then <see cref="ParseError"/> says why).</summary>
public sealed class RawTorEvent(string type, ControlReply reply, string? parseError = null) : TorEvent(type, reply)
{
    public string? ParseError { get; } = parseError;
}
