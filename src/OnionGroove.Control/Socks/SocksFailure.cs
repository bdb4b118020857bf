namespace OnionGroove.Control.Socks;

/// <summary>Why tor did not open a stream: its SOCKS5 reply code (RFC 1928 §6; tor's extended
/// onion-service codes 0xF0-0xF7 from socks-extensions.txt when the SocksPort has ExtendedErrors)
/// with <see cref="SocksReply.Describe"/>'s text, or a local reason (Code 0).</summary>
public sealed record SocksFailure(byte Code, string Message)
{
    /// <summary>True when tor said the onion service needs a client key it does not have or refused ours.</summary>
    public bool IsClientAuth => Code is SocksReply.MissingClientAuth or SocksReply.BadClientAuth;

    public override string ToString() => Message;
}
