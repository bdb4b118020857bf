namespace OnionGroove.TestNetwork;

/// <summary>torrc lines for each role. The choices follow measurements on this kind of host
/// (shared/notes/private-tor-network.md): short voting intervals, every relay reachable and
/// flagged at once, loopback-only listeners.</summary>
internal static class TorrcTemplates
{
    /// <summary>Lines every tor of the network needs: the test-network switch and the authorities.</summary>
    public static List<string> Network(TorNetworkOptions o, IEnumerable<string> dirAuthorityLines)
    {
        var v = o.VotingIntervalSeconds;
        var lines = new List<string>
        {
            "TestingTorNetwork 1",
            // First consensus at the next 10 s boundary; afterwards one every VotingIntervalSeconds.
            // Relays publish their descriptors once they have a consensus, so they appear in the
            // second one. Vote and distribution delays of 4 s (not 2): on a loaded host votes
            // arrived 2 s late and the first round produced no consensus.
            "TestingV3AuthInitialVotingInterval 10",
            "TestingV3AuthInitialVoteDelay 4",
            "TestingV3AuthInitialDistDelay 4",
            $"V3AuthVotingInterval {v}",
            $"V3AuthVoteDelay {Math.Clamp(v / 5, 2, 4)}",
            $"V3AuthDistDelay {Math.Clamp(v / 5, 2, 4)}",
        };
        lines.AddRange(dirAuthorityLines);
        return lines;
    }

    public static List<string> Relay(string nickname, string address, int orPort, int dirPort, string resolvConf) =>
    [
        $"Nickname {nickname}",
        "ContactInfo onion-groove-test-network",
        $"Address {address}",
        $"ORPort {address}:{orPort}",
        $"DirPort {address}:{dirPort}",
        // Post the descriptor at once instead of after reachability self-tests.
        "AssumeReachable 1",
        "ExitRelay 1",
        "ExitPolicy accept 127.0.0.0/8:*, reject *:*",
        $"ServerDNSResolvConfFile {resolvConf}",
        "ServerDNSAllowBrokenConfig 1",
        "ServerDNSDetectHijacking 0",
    ];

    public static List<string> Authority(string nickname, string address, int orPort, int dirPort, string resolvConf)
    {
        var lines = Relay(nickname, address, orPort, dirPort, resolvConf);
        lines.AddRange(
        [
            "AuthoritativeDirectory 1",
            "V3AuthoritativeDirectory 1",
            // All relays share one address.
            "AuthDirMaxServersPerAddr 0",
            // Flags for everyone from the first vote: onion-service circuits need Stable, HSDir, Fast nodes.
            "TestingDirAuthVoteHSDir *",
            "TestingDirAuthVoteGuard *",
            "TestingDirAuthVoteExit *",
            "AuthDirVoteStableGuaranteeMinUptime 0",
            "AuthDirVoteStableGuaranteeMTBF 0",
            "AuthDirFastGuarantee 1",
        ]);
        return lines;
    }
}
