namespace OnionGroove.Mesh.Agent;

/// <summary>Copies bytes both ways between two streams until both directions end; a half-close
/// is passed on (the other side's write end is shut) so protocols like ssh see EOF in order.</summary>
public static class StreamPump
{
    public static async Task RunAsync(Stream a, Stream b, CancellationToken ct)
    {
        var ab = CopyAsync(a, b, ct);
        var ba = CopyAsync(b, a, ct);
        await Task.WhenAll(ab, ba).ConfigureAwait(false);
    }

    private static async Task CopyAsync(Stream from, Stream to, CancellationToken ct)
    {
        var buffer = new byte[16 * 1024];
        try
        {
            int n;
            while ((n = await from.ReadAsync(buffer, ct).ConfigureAwait(false)) > 0)
            {
                await to.WriteAsync(buffer.AsMemory(0, n), ct).ConfigureAwait(false);
                await to.FlushAsync(ct).ConfigureAwait(false);
            }
            if (to is System.Net.Sockets.NetworkStream ns) ns.Socket.Shutdown(System.Net.Sockets.SocketShutdown.Send);
            else to.Close();
        }
        catch (Exception e) when (e is IOException or System.Net.Sockets.SocketException or ObjectDisposedException or OperationCanceledException)
        {
            // One side went away: end the other direction too.
            try { from.Close(); to.Close(); } catch (IOException) { }
        }
    }
}
