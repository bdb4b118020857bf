using OnionGroove.Control.Protocol;

namespace OnionGroove.Control.Events;

/// <summary>Turns a 650 reply into a typed event. Never throws: unknown or malformed events come
/// back as <see cref="RawTorEvent"/>.</summary>
public static class TorEventParser
{
    public static TorEvent Parse(ControlReply reply)
    {
        var text = reply.FirstText;
        var sp = text.IndexOf(' ');
        var type = sp < 0 ? text : text[..sp];
        var arguments = sp < 0 ? "" : text[(sp + 1)..];
        return type switch
        {
            "HS_DESC" => HsDescEvent.Parse(reply, arguments),
            "HS_DESC_CONTENT" => HsDescContentEvent.Parse(reply, arguments),
            "STATUS_CLIENT" or "STATUS_GENERAL" or "STATUS_SERVER" => StatusEvent.Parse(type, reply, arguments),
            _ => new RawTorEvent(type, reply),
        };
    }
}
