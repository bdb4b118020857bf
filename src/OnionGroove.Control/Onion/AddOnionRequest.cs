namespace OnionGroove.Control.Onion;

/// <summary>ADD_ONION flags (control-spec §3.27).</summary>
[Flags]
public enum AddOnionFlags
{
    None = 0,
    /// <summary>Do not return a generated key.</summary>
    DiscardPK = 1,
    /// <summary>Keep the service after this control connection closes.</summary>
    Detach = 2,
    NonAnonymous = 4,
    MaxStreamsCloseCircuit = 8,
    /// <summary>Require v3 client authorization (with <see cref="AddOnionRequest.ClientAuthV3"/>).</summary>
    V3Auth = 16,
}

/// <summary>One "Port=VirtPort[,Target]" argument.</summary>
public sealed record OnionPort(int VirtualPort, string? Target = null)
{
    internal string ToArgument()
    {
        if (VirtualPort is < 1 or > 65535) throw new ArgumentOutOfRangeException(nameof(VirtualPort));
        if (Target is not null && (Target.Length == 0 || Target.Any(c => c is ' ' or '"' or '\\' || char.IsControl(c))))
            throw new ArgumentException("bad port target", nameof(Target));
        return Target is null ? $"Port={VirtualPort}" : $"Port={VirtualPort},{Target}";
    }
}

/// <summary>An ADD_ONION command. The key is borrowed, not disposed.</summary>
public sealed record AddOnionRequest(OnionServiceKey Key)
{
    public IReadOnlyList<OnionPort> Ports { get; init; } = [];
    public AddOnionFlags Flags { get; init; }
    /// <summary>Authorized clients' x25519 public keys, base32 (52 characters, rend-spec CLIENT-AUTH).</summary>
    public IReadOnlyList<string> ClientAuthV3 { get; init; } = [];
    /// <summary>MaxStreams=N, or null for tor's default (unlimited).</summary>
    public int? MaxStreams { get; init; }

    internal string ToCommandLine()
    {
        if (Ports.Count == 0) throw new ArgumentException("ADD_ONION needs at least one port");
        var parts = new List<string> { "ADD_ONION", Key.ToArgument() };
        if (Flags != AddOnionFlags.None)
            parts.Add("Flags=" + string.Join(',', Enum.GetValues<AddOnionFlags>().Where(f => f != 0 && Flags.HasFlag(f))));
        if (MaxStreams is { } m)
        {
            if (m is < 0 or > 65535) throw new ArgumentOutOfRangeException(nameof(MaxStreams));
            parts.Add($"MaxStreams={m}");
        }
        parts.AddRange(Ports.Select(p => p.ToArgument()));
        foreach (var c in ClientAuthV3)
        {
            if (c.Length != 52 || !c.All(ch => ch is >= 'a' and <= 'z' or >= 'A' and <= 'Z' or >= '2' and <= '7'))
                throw new ArgumentException("a ClientAuthV3 key is 52 base32 characters", nameof(ClientAuthV3));
            parts.Add("ClientAuthV3=" + c);
        }
        return string.Join(' ', parts);
    }
}

/// <summary>What ADD_ONION returned: the service id (56 characters, no ".onion") and, when tor
/// generated the key and DiscardPK was not set, that key (dispose it).</summary>
public sealed record AddOnionResult(string ServiceId, OnionServiceKey? GeneratedKey);
