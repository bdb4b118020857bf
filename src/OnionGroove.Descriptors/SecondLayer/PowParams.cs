namespace OnionGroove.Descriptors.SecondLayer;

/// <summary>A `pow-params` line (prop327 §2; rend-spec-v3 §2.5.2.2). Only type "v1" is understood;
/// others are kept with their raw arguments.</summary>
public sealed record PowParams(string Type, byte[]? Seed, uint? SuggestedEffort, DateTimeOffset? Expiration, IReadOnlyList<string> RawArgs)
{
    public const string V1 = "v1";
    public const int SeedLength = 32;
}
