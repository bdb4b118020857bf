using OnionGroove.Core;
using OnionGroove.Control.Protocol;

namespace OnionGroove.Control.Auth;

/// <summary>Authentication methods tor offers (PROTOCOLINFO AUTH METHODS=…, control-spec §3.21).</summary>
[Flags]
public enum AuthMethods { None = 0, Null = 1, HashedPassword = 2, Cookie = 4, SafeCookie = 8 }

/// <summary>The PROTOCOLINFO reply (control-spec §3.21).</summary>
public sealed record ProtocolInfo(int ProtocolVersion, AuthMethods Methods, string? CookieFile, string? TorVersion)
{
    public static Result<ProtocolInfo, Problem> Parse(ControlReply reply)
    {
        if (!reply.IsSuccess) return new Problem($"PROTOCOLINFO failed: {reply.Status} {reply.EndText}");
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
                    if (!int.TryParse(rest.Trim(), out var v)) return new Problem("PROTOCOLINFO version is not a number");
                    version = v;
                    break;
                case "AUTH":
                    if (!ReplyArguments.Parse(rest).TryGet(out var args, out var error)) return error;
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
                    if (!ReplyArguments.Parse(rest).TryGet(out var vargs, out var verror)) return verror;
                    torVersion = vargs["Tor"];
                    break;
            }
        }
        if (version is null) return new Problem("PROTOCOLINFO reply lacks the PROTOCOLINFO line");
        return new ProtocolInfo(version.Value, methods, cookie, torVersion);
    }
}
