using System.Net;
using System.Net.Sockets;
using System.Text;

namespace OnionGroove.TestNetwork.Tests;

/// <summary>The SOCKS side of <see cref="OnionHttp"/> against an in-test SOCKS5 peer: the .onion
/// host name must reach the proxy as a name (ATYP 3), never resolved locally, and each request must
/// carry a different username (so IsolateSOCKSAuth gives it a fresh circuit).</summary>
public sealed class OnionHttpSocksTests
{
    private sealed record SocksRequest(string Username, byte AddressType, string Host, int Port);

    [Fact]
    public async Task Sends_the_onion_hostname_to_the_proxy_with_a_fresh_username_per_request()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var seen = new List<SocksRequest>();
        var server = Task.Run(async () =>
        {
            for (var i = 0; i < 2; i++)
            {
                using var c = await listener.AcceptTcpClientAsync();
                seen.Add(await ServeOne(c.GetStream()));
            }
        });
        const string host = "pg6mmjiyjmcrsslvykfwnntlaru7p5svn6y2ymmju6nubxndf4pscryd.onion";
        for (var i = 0; i < 2; i++)
        {
            var response = await OnionHttp.GetAsync(port, new Uri($"http://{host}/x"), TimeSpan.FromSeconds(10));
            Assert.Equal("via socks", response.Body);
        }
        await server.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.All(seen, r => Assert.Equal((3, host, 80), (r.AddressType, r.Host, r.Port)));
        Assert.NotEqual(seen[0].Username, seen[1].Username);
    }

    /// <summary>RFC 1928 greeting, RFC 1929 username/password, CONNECT; then a fixed HTTP answer.</summary>
    private static async Task<SocksRequest> ServeOne(NetworkStream s)
    {
        var head = await Read(s, 2);
        Assert.Equal(5, head[0]);
        var methods = await Read(s, head[1]);
        Assert.Contains((byte)2, methods); // username/password offered
        await s.WriteAsync(new byte[] { 5, 2 });
        var auth = await Read(s, 2);
        var user = Encoding.ASCII.GetString(await Read(s, auth[1]));
        var passLen = (await Read(s, 1))[0];
        await Read(s, passLen);
        await s.WriteAsync(new byte[] { 1, 0 });
        var req = await Read(s, 4);
        Assert.Equal(1, req[1]); // CONNECT
        string host;
        if (req[3] == 3) host = Encoding.ASCII.GetString(await Read(s, (await Read(s, 1))[0]));
        else host = new IPAddress(await Read(s, req[3] == 1 ? 4 : 16)).ToString();
        var portBytes = await Read(s, 2);
        await s.WriteAsync(new byte[] { 5, 0, 0, 1, 127, 0, 0, 1, 0, 80 });
        var buffer = new byte[4096];
        var text = "";
        while (!text.Contains("\r\n\r\n")) text += Encoding.ASCII.GetString(buffer, 0, await s.ReadAsync(buffer));
        await s.WriteAsync("HTTP/1.1 200 OK\r\nContent-Length: 9\r\nConnection: close\r\n\r\nvia socks"u8.ToArray());
        return new SocksRequest(user, req[3], host, portBytes[0] << 8 | portBytes[1]);
    }

    private static async Task<byte[]> Read(NetworkStream s, int n)
    {
        var b = new byte[n];
        await s.ReadExactlyAsync(b);
        return b;
    }
}
