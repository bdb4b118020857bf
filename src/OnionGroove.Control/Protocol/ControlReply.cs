namespace OnionGroove.Control.Protocol;

/// <summary>A complete reply: zero or more mid/data lines and the end line. Synchronous replies
/// answer commands; status 650 marks an asynchronous event.</summary>
public sealed class ControlReply
{
    public IReadOnlyList<ReplyLine> Lines { get; }

    public ControlReply(IReadOnlyList<ReplyLine> lines)
    {
        if (lines.Count == 0) throw new ArgumentException("a reply has at least one line", nameof(lines));
        Lines = lines;
    }

    /// <summary>The status code of the end line (control-spec: all lines normally share it).</summary>
    public int Status => Lines[^1].Status;

    /// <summary>2xx.</summary>
    public bool IsSuccess => Status is >= 200 and < 300;

    /// <summary>An asynchronous event (650).</summary>
    public bool IsEvent => Status == 650;

    /// <summary>The text of the first line (for events: "KEYWORD args…").</summary>
    public string FirstText => Lines[0].Text;

    /// <summary>The text of the end line, e.g. "OK" or an error message.</summary>
    public string EndText => Lines[^1].Text;

    public override string ToString() => string.Join("\n", Lines);
}
