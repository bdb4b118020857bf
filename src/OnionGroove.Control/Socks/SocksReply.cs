namespace OnionGroove.Control.Socks;

/// <summary>SOCKS5 reply codes (RFC 1928 §6) and tor's extended onion-service errors
/// (socks-extensions.txt, "Extended error codes"; sent when the SocksPort has ExtendedErrors).</summary>
public static class SocksReply
{
    public const byte Succeeded = 0;
    public const byte DescriptorNotFound = 0xF0;
    public const byte MissingClientAuth = 0xF4;
    public const byte BadClientAuth = 0xF5;

    /// <summary>What a reply code means, for people.</summary>
    public static string Describe(byte code) => code switch
    {
        1 => "general failure",
        2 => "not allowed by tor's rules",
        3 => "network unreachable",
        4 => "host unreachable",
        5 => "connection refused (is the service's target running?)",
        6 => "TTL expired",
        7 => "command not supported",
        8 => "address type not supported",
        DescriptorNotFound => "onion service descriptor not found",
        0xF1 => "onion service descriptor invalid",
        0xF2 => "introduction failed",
        0xF3 => "rendezvous failed",
        MissingClientAuth => "the onion service needs client authorisation and tor has no key for it",
        BadClientAuth => "the onion service refused our client key (revoked?)",
        0xF6 => "invalid onion address",
        0xF7 => "introduction timed out",
        _ => $"SOCKS error 0x{code:x2}",
    };
}
