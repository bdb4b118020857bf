using System.Net.Sockets;
using System.Text;

namespace OnionGroove.Demo.Tests;

/// <summary>The demo's backend site on 127.0.0.1: its page names the backend, and it counts requests.</summary>
public sealed class DemoSiteTests
{
    [Fact]
    public async Task A_request_is_answered_with_the_backend_name_and_counted()
    {
        await using var site = new DemoSite("web7");
        var body = await GetAsync(site.Port);
        Assert.StartsWith("HTTP/1.0 200 OK\r\n", body);
        Assert.Equal("web7", DemoSite.WhoServed(body));
        Assert.Equal(1, site.Hits);
        await GetAsync(site.Port);
        Assert.Equal(2, site.Hits);
    }

    [Theory]
    [InlineData("<p>served by backend web1</p>", "web1")]
    [InlineData("served by backend b2\n", "b2")]
    [InlineData("served by backend last", "last")]
    [InlineData("nothing here", null)]
    public void WhoServed_reads_the_marker(string body, string? expected) => Assert.Equal(expected, DemoSite.WhoServed(body));

    [Fact]
    public void The_marker_is_what_WhoServed_reads() => Assert.Equal("x-1", DemoSite.WhoServed($"<p>{DemoSite.Marker("x-1")}</p>"));

    [Fact]
    public async Task Dispose_twice_is_harmless()
    {
        var site = new DemoSite("web1");
        await site.DisposeAsync();
        await site.DisposeAsync();
    }

    private static async Task<string> GetAsync(int port)
    {
        using var c = new TcpClient();
        await c.ConnectAsync("127.0.0.1", port);
        var s = c.GetStream();
        await s.WriteAsync("GET / HTTP/1.0\r\nHost: x\r\n\r\n"u8.ToArray());
        using var r = new StreamReader(s, Encoding.UTF8);
        return await r.ReadToEndAsync();
    }
}
