using OnionGroove.Control.Protocol;

namespace OnionGroove.Control.Events;

/// <summary>HS_DESC_CONTENT (control-spec §4.1.26): the text of a fetched descriptor. On a failed
/// fetch the address is "UNKNOWN" and the descriptor empty.</summary>
public sealed class HsDescContentEvent : TorEvent
{
    public string Address { get; }
    public string DescriptorId { get; }
    public string HsDir { get; }
    /// <summary>The descriptor, lines joined with "\n" and ending in "\n" (empty on failure).</summary>
    public string Descriptor { get; }

    public string? HsDirFingerprint => HsDirNames.Fingerprint(HsDir);

    private HsDescContentEvent(ControlReply reply, string address, string descriptorId, string hsDir, string descriptor)
        : base("HS_DESC_CONTENT", reply)
    {
        Address = address; DescriptorId = descriptorId; HsDir = hsDir; Descriptor = descriptor;
    }

    internal static TorEvent Parse(ControlReply reply, string arguments)
    {
        var first = reply.Lines[0];
        if (!first.HasData) return new RawTorEvent("HS_DESC_CONTENT", reply, "HS_DESC_CONTENT without a data block");
        var parts = arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length < 3) return new RawTorEvent("HS_DESC_CONTENT", reply, "HS_DESC_CONTENT needs HSAddress DescId HsDir");
        var body = first.Data!;
        return new HsDescContentEvent(reply, parts[0], parts[1], parts[2], body.Length == 0 ? "" : body + "\n");
    }
}
