using OnionGroove.Control.Protocol;

namespace OnionGroove.Control.Tests;

/// <summary>A resilient controller disposes a broken connection while its users may still hold it:
/// their next command must fail as a closed connection (which they handle), never with
/// ObjectDisposedException (which stopped the balancer's loop after tor was killed).</summary>
public sealed class DisposedConnectionTests
{
    [Fact]
    public async Task A_command_on_a_disposed_connection_fails_as_a_closed_connection()
    {
        await using var server = new FakeControlServer(_ => "250 OK\r\n");
        var conn = await TorControlConnection.ConnectAsync(server.Endpoint);
        await conn.DisposeAsync();
        var e = await Assert.ThrowsAsync<ControlProtocolException>(() => conn.SendAsync("GETINFO version"));
        Assert.Contains("closed", e.Message);
    }
}
