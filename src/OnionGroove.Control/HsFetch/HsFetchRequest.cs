using OnionGroove.Crypto;

namespace OnionGroove.Control.HsFetch;

/// <summary>One descriptor to fetch: a service's, from the HSDirs tor picks or from the one HSDir
/// with fingerprint <see cref="HsDir"/> (40 hex digits; HSFETCH SERVER=, control-spec §3.26).</summary>
public sealed record HsFetchRequest
{
    public HsFetchRequest(OnionAddress address, string? hsDir = null)
    {
        if (hsDir is not null && (hsDir.Length != 40 || !hsDir.All(char.IsAsciiHexDigit)))
            throw new ArgumentException($"not an HSDir fingerprint (40 hex digits): {hsDir}", nameof(hsDir));
        Address = address;
        HsDir = hsDir?.ToUpperInvariant();
    }

    public OnionAddress Address { get; }
    /// <summary>Upper-case fingerprint, as tor reports it in HS_DESC events; null: tor picks.</summary>
    public string? HsDir { get; }
}
