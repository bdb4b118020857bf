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
            // First consensus 6–13 s after start; afterwards one every VotingIntervalSeconds.
            "TestingV3AuthInitialVotingInterval 10",
            "TestingV3AuthInitialVoteDelay 2",
            "TestingV3AuthInitialDistDelay 2",
            $"V3AuthVotingInterval {v}",
            $"V3AuthVoteDelay {Math.Max(2, v / 10)}",
            $"V3AuthDistDelay {Math.Max(2, v / 10)}",
        };
        lines.AddRange(dirAuthorityLines);
        return lines;
    }

    public static List<string> Relay(string nickname, int orPort, int dirPort, string resolvConf) =>
    [
        $"Nickname {nickname}",
        "ContactInfo onion-groove-test-network",
        "Address 127.0.0.1",
        $"ORPort 127.0.0.1:{orPort}",
        $"DirPort 127.0.0.1:{dirPort}",
        // Post the descriptor at once instead of after reachability self-tests.
        "AssumeReachable 1",
        "ExitRelay 1",
        "ExitPolicy accept 127.0.0.0/8:*, reject *:*",
        $"ServerDNSResolvConfFile {resolvConf}",
        "ServerDNSAllowBrokenConfig 1",
        "ServerDNSDetectHijacking 0",
    ];

    public static List<string> Authority(string nickname, int orPort, int dirPort, string resolvConf)
    {
        var lines = Relay(nickname, orPort, dirPort, resolvConf);
        lines.AddRange(
        [
            "AuthoritativeDirectory 1",
            "V3AuthoritativeDirectory 1",
            // All relays share 127.0.0.1.
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
