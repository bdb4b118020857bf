namespace OnionGroove.Control.Protocol;

/// <summary>One line of a control-port reply (control-spec §2.3): a status code, the separator
/// ('-' mid line, '+' data line, ' ' end line), the text after it, and for a data line the
/// dot-decoded data block that followed it (lines joined with "\n").</summary>
public sealed record ReplyLine(int Status, char Separator, string Text, string? Data)
{
    public bool IsEnd => Separator == ' ';
    public bool HasData => Separator == '+';

    public override string ToString() => $"{Status}{Separator}{Text}";
}
