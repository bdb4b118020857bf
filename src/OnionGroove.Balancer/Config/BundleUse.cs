namespace OnionGroove.Balancer.Config;

/// <summary>Whether a signing bundle that cannot sign for the current period (run out, or not started yet) is
/// refused or loaded. `balancer check` and the start refuse it; a reload loads it (issue #12), so that a bundle
/// that has run out does not block every other change: the service then publishes nothing for the periods the
/// bundle lacks (it never signs with anything else), the reload says so loudly, and a refreshed bundle dropped
/// in later is picked up like any change.</summary>
public enum BundleUse
{
    MustCoverNow,
    MayHaveRunOut,
}
