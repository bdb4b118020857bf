namespace OnionGroove.Control.Network;

/// <summary>The lifetime of tor's current consensus (GETINFO consensus/valid-after, fresh-until,
/// valid-until; control-spec §3.9). A consensus is fresh for one voting interval (dir-spec §1.4).</summary>
public sealed record ConsensusTimes(DateTimeOffset ValidAfter, DateTimeOffset FreshUntil, DateTimeOffset ValidUntil)
{
    public TimeSpan VotingInterval => FreshUntil - ValidAfter;
}
