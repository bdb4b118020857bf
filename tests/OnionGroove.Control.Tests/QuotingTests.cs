using OnionGroove.Control.Auth;
using OnionGroove.Control.Events;
using OnionGroove.Control.Protocol;
using OnionGroove.Control.Transport;

namespace OnionGroove.Control.Tests;

public sealed class QuotingTests
{
    [Theory]
    [InlineData("plain", "\"plain\"")]
    [InlineData("a \"b\" c", "\"a \\\"b\\\" c\"")]
    [InlineData("back\\slash", "\"back\\\\slash\"")]
    [InlineData("", "\"\"")]
    public void Quote_escapes_only_backslash_and_quote(string value, string quoted)
    {
        Assert.Equal(quoted, ControlQuoting.Quote(value));
        Assert.Equal(value, ControlQuoting.Unquote(quoted).Value);
    }

    [Theory]
    [InlineData("\"a\\nb\"", "a\nb")]
    [InlineData("\"t\\tr\\r\"", "t\tr\r")]
    [InlineData("\"\\101\\0z\"", "A\0z")]
    [InlineData("\"\\q\"", "q")]
    public void Unquote_reads_C_escapes_as_tor_sends_them(string quoted, string value) =>
        Assert.Equal(value, ControlQuoting.Unquote(quoted).Value);

    [Theory]
    [InlineData("\"unterminated")]
    [InlineData("\"ends in backslash\\")]
    [InlineData("\"\\777\"")]
    [InlineData("noquote")]
    [InlineData("\"a\"trailing")]
    public void Bad_quoted_strings_are_errors(string text) =>
        Assert.False(ControlQuoting.Unquote(text).IsSuccess);

    [Fact]
    public void Reply_arguments_mix_positional_quoted_and_keyword_values()
    {
        var a = ReplyArguments.Parse("NOTICE BOOTSTRAP PROGRESS=100 TAG=done SUMMARY=\"Done \\\"ok\\\"\" \"free text\" x=").Value;
        Assert.Equal(["NOTICE", "BOOTSTRAP", "free text"], a.Positional);
        Assert.Equal("100", a["PROGRESS"]);
        Assert.Equal("Done \"ok\"", a["SUMMARY"]);
        Assert.Equal("", a["x"]);
        Assert.Null(a["missing"]);
        var error = ReplyArguments.Parse("KEY=\"open").Error;
        Assert.NotNull(error);
        Assert.Contains("unterminated", error.Message);
        Assert.Equal(5, error.Column);
    }

    [Fact]
    public void ProtocolInfo_parses_methods_cookie_file_and_version()
    {
        var reply = Assert.Single(ReplyReaderTests.ReadAll(
            "250-PROTOCOLINFO 1\r\n250-AUTH METHODS=COOKIE,SAFECOOKIE,HASHEDPASSWORD,FUTURE COOKIEFILE=\"/var/run/tor/control.authcookie\"\r\n250-VERSION Tor=\"0.4.9.11\"\r\n250 OK\r\n").Result).Reply!;
        var parsed = ProtocolInfo.Parse(reply);
        Assert.True(parsed.IsSuccess, parsed.Error?.ToString());
        var info = parsed.Value;
        Assert.Equal(1, info.ProtocolVersion);
        Assert.Equal(AuthMethods.Cookie | AuthMethods.SafeCookie | AuthMethods.HashedPassword, info.Methods);
        Assert.Equal("/var/run/tor/control.authcookie", info.CookieFile);
        Assert.Equal("0.4.9.11", info.TorVersion);
    }

    [Fact]
    public void Status_and_unknown_events_parse_without_throwing()
    {
        var status = TorEventParser.Parse(new ControlReply([new ReplyLine(650, ' ', "STATUS_CLIENT NOTICE BOOTSTRAP PROGRESS=100 TAG=done SUMMARY=\"Done\"", null)]));
        var s = Assert.IsType<StatusEvent>(status);
        Assert.Equal(("NOTICE", "BOOTSTRAP", 100), (s.Severity, s.Action, s.BootstrapProgress));
        var unknown = Assert.IsType<RawTorEvent>(TorEventParser.Parse(new ControlReply([new ReplyLine(650, ' ', "NEWTHING a b", null)])));
        Assert.Equal("NEWTHING", unknown.Type);
        Assert.Null(unknown.ParseError);
        var broken = Assert.IsType<RawTorEvent>(TorEventParser.Parse(new ControlReply([new ReplyLine(650, ' ', "HS_DESC FAILED", null)])));
        Assert.NotNull(broken.ParseError);
        var failed = Assert.IsType<HsDescEvent>(TorEventParser.Parse(new ControlReply([new ReplyLine(650, ' ',
            "HS_DESC FAILED " + new string('a', 56) + " NO_AUTH UNKNOWN REASON=QUERY_NO_HSDIR", null)])));
        Assert.Equal((HsDescAction.Failed, "QUERY_NO_HSDIR", (string?)null, (string?)null), (failed.Action, failed.Reason, failed.HsDirFingerprint, failed.DescriptorId));
    }

    [Theory]
    [InlineData("127.0.0.1:9051", true)]
    [InlineData("[::1]:9051", true)]
    [InlineData("unix:/run/tor/control", true)]
    [InlineData("unix:", false)]
    [InlineData("9051", false)]
    [InlineData("127.0.0.1", false)]
    [InlineData("localhost:9051", false)]
    public void Endpoints_parse(string text, bool ok)
    {
        var ep = ControlEndpoint.Parse(text);
        Assert.Equal(ok, ep.IsSuccess);
        if (ok) Assert.Equal(text, ep.Value.ToString());
        else Assert.False(string.IsNullOrWhiteSpace(ep.Error!.Message));
    }
}
