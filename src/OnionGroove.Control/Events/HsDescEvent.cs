using OnionGroove.Control.Protocol;

namespace OnionGroove.Control.Events;

/// <summary>HS_DESC actions (control-spec §4.1.25).</summary>
public enum HsDescAction { Unknown, Requested, Upload, Received, Uploaded, Ignore, Failed, Created }

/// <summary>HS_DESC (control-spec §4.1.25): a descriptor fetch or upload started, finished or failed.</summary>
public sealed class HsDescEvent : TorEvent
{
    public HsDescAction Action { get; }
    /// <summary>The action word as sent (kept when <see cref="Action"/> is Unknown).</summary>
    public string ActionText { get; }
    /// <summary>56-character v3 service id, or "UNKNOWN".</summary>
    public string Address { get; }
    public string AuthType { get; }
    /// <summary>"$FINGERPRINT~nickname", "$FINGERPRINT", or "UNKNOWN".</summary>
    public string HsDir { get; }
    /// <summary>For v3: the blinded key the descriptor is stored under (base64).</summary>
    public string? DescriptorId { get; }
    public string? Reason { get; }
    public int? Replica { get; }
    /// <summary>For v3: hex index of the HSDir on the hash ring.</summary>
    public string? HsDirIndex { get; }

    /// <summary>The HSDir's 40-hex fingerprint without "$" and nickname, or null.</summary>
    public string? HsDirFingerprint => HsDirNames.Fingerprint(HsDir);

    private HsDescEvent(ControlReply reply, HsDescAction action, string actionText, string address, string authType,
        string hsDir, string? descriptorId, string? reason, int? replica, string? hsDirIndex) : base("HS_DESC", reply)
    {
        Action = action; ActionText = actionText; Address = address; AuthType = authType; HsDir = hsDir;
        DescriptorId = descriptorId; Reason = reason; Replica = replica; HsDirIndex = hsDirIndex;
    }

    internal static TorEvent Parse(ControlReply reply, string arguments)
    {
        if (!ReplyArguments.Parse(arguments).TryGet(out var args, out var error))
            return new RawTorEvent("HS_DESC", reply, error.Message);
        var positional = args.Positional.ToList();
        if (positional.Count < 4)
            return new RawTorEvent("HS_DESC", reply, "HS_DESC needs Action HSAddress AuthType HsDir");
        var action = positional[0] switch
        {
            "REQUESTED" => HsDescAction.Requested,
            "UPLOAD" => HsDescAction.Upload,
            "RECEIVED" => HsDescAction.Received,
            "UPLOADED" => HsDescAction.Uploaded,
            "IGNORE" => HsDescAction.Ignore,
            "FAILED" => HsDescAction.Failed,
            "CREATED" => HsDescAction.Created,
            _ => HsDescAction.Unknown,
        };
        int? replica = null;
        if (args["REPLICA"] is { } r)
        {
            if (!int.TryParse(r, System.Globalization.NumberStyles.None, null, out var n))
                return new RawTorEvent("HS_DESC", reply, "REPLICA is not a number");
            replica = n;
        }
        return new HsDescEvent(reply, action, positional[0], positional[1], positional[2], positional[3],
            positional.Count > 4 ? positional[4] : null, args["REASON"], replica, args["HSDIR_INDEX"]);
    }
}

internal static class HsDirNames
{
    /// <summary>"$ABCD…~nick" → "ABCD…" when it is 40 hex digits.</summary>
    public static string? Fingerprint(string longName)
    {
        if (!longName.StartsWith('$')) return null;
        var end = longName.IndexOfAny(['~', '=']);
        var fp = end < 0 ? longName[1..] : longName[1..end];
        return fp.Length == 40 && fp.All(char.IsAsciiHexDigit) ? fp.ToUpperInvariant() : null;
    }
}
