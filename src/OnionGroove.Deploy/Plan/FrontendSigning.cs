namespace OnionGroove.Deploy.Plan;

/// <summary>What a site's balancer signs its descriptors with (issue #12, docs/offline-keys.md). A signing bundle is
/// the default: the host then holds only pre-certified descriptor signing keys, never the site's identity key.</summary>
public enum FrontendSigning
{
    /// <summary>A signing bundle certified from the vault for the coming weeks and refreshed before it runs out.</summary>
    Bundle,
    /// <summary>The identity key itself, as Onionbalance needs (the opt-out: <c>signing: identity_key</c>).</summary>
    IdentityKey,
}

/// <summary>The spelling of <see cref="FrontendSigning"/> in environment.yml and the rendered inventory.</summary>
public static class FrontendSigningNames
{
    public const string Bundle = "bundle";
    public const string IdentityKey = "identity_key";

    public static string Name(this FrontendSigning s) => s == FrontendSigning.Bundle ? Bundle : IdentityKey;

    /// <summary>Null (the default, a bundle), <c>bundle</c> or <c>identity_key</c>; anything else is not a value.</summary>
    public static FrontendSigning? Parse(string? text) => text switch
    {
        null or Bundle => FrontendSigning.Bundle,
        IdentityKey => FrontendSigning.IdentityKey,
        _ => null,
    };
}
