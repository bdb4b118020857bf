namespace OnionGroove.Control.Network;

/// <summary>What decides the time-period schedule of the network tor is on: whether tor runs a
/// test network (TestingTorNetwork: periods are one SRV run, 24 voting intervals, instead of the
/// hsdir_interval param; rend-spec-v3 §2.2.1) and the voting interval of its consensus.</summary>
public sealed record TorNetworkSchedule(bool TestingNetwork, TimeSpan VotingInterval);
