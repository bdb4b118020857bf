using OnionGroove.Control.Transport;

namespace OnionGroove.Control.Launch;

/// <summary>The file tor writes for ControlPortWriteToFile: one "PORT=host:port" line per TCP
/// listener and "UNIX_PORT=path" per socket, written in one go once they are all open.</summary>
internal static class ControlPortFile
{
    /// <summary>The first TCP and unix listeners, or null while the file is absent or incomplete.</summary>
    public static ControlListeners? TryRead(string path)
    {
        string text;
        try { text = File.ReadAllText(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return null; }
        if (!text.EndsWith('\n')) return null;
        ControlEndpoint? tcp = null, unix = null;
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (tcp is null && line.StartsWith("PORT=", StringComparison.Ordinal) && ControlEndpoint.Parse(line[5..]).TryGet(out var t, out _)) tcp = t;
            else if (unix is null && line.StartsWith("UNIX_PORT=", StringComparison.Ordinal)) unix = ControlEndpoint.ForUnix(line[10..]);
        }
        return tcp is null && unix is null ? null : new ControlListeners(tcp, unix);
    }
}

/// <summary>The control listeners a tor opened.</summary>
internal sealed record ControlListeners(ControlEndpoint? Tcp, ControlEndpoint? Unix);
