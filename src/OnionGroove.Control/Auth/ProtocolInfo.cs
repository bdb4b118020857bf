using OnionGroove.Control.Protocol;

namespace OnionGroove.Control.Auth;

/// <summary>Authentication methods tor offers (PROTOCOLINFO AUTH METHODS=…, control-spec §3.21).</summary>
[Flags]
public enum AuthMethods { None = 0, Null = 1, HashedPassword = 2, Cookie = 4, SafeCookie = 8 }

/// <summary>The PROTOCOLINFO reply (control-spec §3.21).</summary>
public sealed record ProtocolInfo(int ProtocolVersion, AuthMethods Methods, string? CookieFile, string? TorVersion)
{
    public static bool TryParse(ControlReply reply, out ProtocolInfo info, out string? error)
    {
        info = new ProtocolInfo(0, AuthMethods.None, null, null);
        error = null;
        if (!reply.IsSuccess) { error = $"PROTOCOLINFO failed: {reply.Status} {reply.EndText}"; return false; }
        int? version = null;
        var methods = AuthMethods.None;
        string? cookie = null, torVersion = null;
        foreach (var line in reply.Lines)
        {
            var text = line.Text;
            var sp = text.IndexOf(' ');
            var keyword = sp < 0 ? text : text[..sp];
            var rest = sp < 0 ? "" : text[(sp + 1)..];
            switch (keyword)
            {
                case "PROTOCOLINFO":
                    if (!int.TryParse(rest.Trim(), out var v)) { error = "PROTOCOLINFO version is not a number"; return false; }
                    version = v;
                    break;
                case "AUTH":
                    if (!ReplyArguments.TryParse(rest, out var args, out error)) return false;
                    foreach (var m in (args["METHODS"] ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries))
                        methods |= m switch
                        {
                            "NULL" => AuthMethods.Null,
                            "HASHEDPASSWORD" => AuthMethods.HashedPassword,
                            "COOKIE" => AuthMethods.Cookie,
                            "SAFECOOKIE" => AuthMethods.SafeCookie,
                            _ => AuthMethods.None, // future methods: ignored, never chosen
                        };
                    cookie = args["COOKIEFILE"];
                    break;
                case "VERSION":
                    if (!ReplyArguments.TryParse(rest, out var vargs, out error)) return false;
                    torVersion = vargs["Tor"];
                    break;
            }
        }
        if (version is null) { error = "PROTOCOLINFO reply lacks the PROTOCOLINFO line"; return false; }
        info = new ProtocolInfo(version.Value, methods, cookie, torVersion);
        return true;
    }
}
