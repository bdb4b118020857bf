namespace OnionGroove.Control.Protocol;

/// <summary>Bounds on what a control connection accepts from tor. control-spec §2.1 sets no limits
/// on line length, so a confused or hostile peer could make us buffer forever; these caps turn that
/// into a protocol error instead.</summary>
public sealed record ControlLimits
{
    /// <summary>Longest single line, in bytes, excluding CRLF.</summary>
    public int MaxLineBytes { get; init; } = 1 << 20;

    /// <summary>Largest whole reply (all lines and data blocks), in bytes. A full consensus in a
    /// data reply is a few MiB on the real network.</summary>
    public int MaxReplyBytes { get; init; } = 64 << 20;

    /// <summary>Most lines in one reply (data lines included).</summary>
    public int MaxReplyLines { get; init; } = 1 << 20;

    /// <summary>How long a command may wait for its reply before the connection is declared dead.</summary>
    public TimeSpan CommandTimeout { get; init; } = TimeSpan.FromSeconds(30);

    public static ControlLimits Default { get; } = new();
}
