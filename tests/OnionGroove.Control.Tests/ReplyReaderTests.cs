using System.Text;
using OnionGroove.Control.Protocol;

namespace OnionGroove.Control.Tests;

public sealed class ReplyReaderTests
{
    internal static async Task<List<ControlReadResult>> ReadAll(string text, ControlLimits? limits = null)
    {
        var reader = new ControlReplyReader(new MemoryStream(Encoding.UTF8.GetBytes(text)), limits);
        var results = new List<ControlReadResult>();
        while (true)
        {
            var r = await reader.ReadReplyAsync();
            if (r.IsEndOfStream) return results;
            results.Add(r);
            if (r.Error is not null) return results;
        }
    }

    [Fact]
    public async Task Mid_data_and_end_lines_make_one_reply()
    {
        var results = await ReadAll("250-version=0.4.9.11\r\n250+config-text=\r\nA 1\r\n..dot\r\n\r\nB 2\r\n.\r\n250 OK\r\n");
        var reply = Assert.Single(results).Reply!;
        Assert.Equal(3, reply.Lines.Count);
        Assert.Equal(new ReplyLine(250, '-', "version=0.4.9.11", null), reply.Lines[0]);
        Assert.Equal("config-text=", reply.Lines[1].Text);
        Assert.Equal("A 1\n.dot\n\nB 2", reply.Lines[1].Data);
        Assert.True(reply.IsSuccess);
        Assert.Equal("OK", reply.EndText);
    }

    [Fact]
    public async Task Several_replies_events_and_bare_LF_are_read_in_order()
    {
        var results = await ReadAll("650 BW 1 2\n250 OK\r\n552 Unrecognized key \"x\"\r\n650-CONF_CHANGED\r\n650-A=1\r\n650 OK\r\n");
        Assert.Equal(4, results.Count);
        Assert.True(results[0].Reply!.IsEvent);
        Assert.Equal("BW 1 2", results[0].Reply!.FirstText);
        Assert.Equal(552, results[2].Reply!.Status);
        Assert.False(results[2].Reply!.IsSuccess);
        Assert.Equal(3, results[3].Reply!.Lines.Count);
    }

    [Theory]
    [InlineData("abc\r\n")]
    [InlineData("2x0 OK\r\n")]
    [InlineData("250_OK\r\n")]
    [InlineData("250-a\r\n")]
    [InlineData("250+a\r\nno end")]
    public async Task Malformed_input_gives_an_error_result(string text)
    {
        var last = (await ReadAll(text)).Last();
        Assert.NotNull(last.Error);
        Assert.Null(last.Reply);
    }

    [Fact]
    public async Task Limits_are_enforced_while_reading()
    {
        var limits = new ControlLimits { MaxLineBytes = 100, MaxReplyBytes = 1000, MaxReplyLines = 20 };
        Assert.Contains("line longer", (await ReadAll("250 " + new string('a', 200) + "\r\n", limits)).Last().Error);
        Assert.Contains("line longer", (await ReadAll("250 " + new string('a', 200), limits)).Last().Error);
        Assert.Contains("larger than 1000", (await ReadAll(string.Concat(Enumerable.Repeat("250-" + new string('a', 90) + "\r\n", 15)), limits)).Last().Error);
        Assert.Contains("longer than 20 lines", (await ReadAll(string.Concat(Enumerable.Repeat("250-a\r\n", 30)), limits)).Last().Error);
        Assert.Contains("larger than", (await ReadAll("250+x\r\n" + string.Concat(Enumerable.Repeat(new string('d', 90) + "\r\n", 15)), limits)).Last().Error);
    }

    [Fact]
    public void Command_writer_dot_encodes_data_and_rejects_line_breaks()
    {
        var bytes = ControlCommandWriter.Encode("HSPOST SERVER=$AA", "line one\n.starts with dot\r\n..two dots\n");
        Assert.Equal("+HSPOST SERVER=$AA\r\nline one\r\n..starts with dot\r\n...two dots\r\n.\r\n", Encoding.UTF8.GetString(bytes));
        Assert.Equal("+X\r\n.\r\n", Encoding.UTF8.GetString(ControlCommandWriter.Encode("X", "")));
        Assert.Equal("GETINFO version\r\n", Encoding.UTF8.GetString(ControlCommandWriter.Encode("GETINFO version")));
        Assert.Throws<ArgumentException>(() => ControlCommandWriter.Encode("GETINFO a\nSIGNAL HALT"));
        Assert.Throws<ArgumentException>(() => ControlCommandWriter.Encode("GETINFO a\0"));
        Assert.Throws<ArgumentException>(() => ControlCommandWriter.Encode(""));
    }

    [Fact]
    public async Task Written_data_reads_back_identically()
    {
        const string descriptor = "hs-descriptor 3\n.\n..\n. x\nsignature abc";
        var wire = Encoding.UTF8.GetString(ControlCommandWriter.Encode("X", descriptor))["+X\r\n".Length..];
        var reply = Assert.Single(await ReadAll("250+d=\r\n" + wire + "250 OK\r\n")).Reply!;
        Assert.Equal(descriptor, reply.Lines[0].Data);
    }
}
