using OnionGroove.Crypto;
using OnionGroove.Descriptors.OuterLayer;
using OnionGroove.Descriptors.SecondLayer;
using OnionGroove.Crypto.Keys;

namespace OnionGroove.Descriptors.Building;

/// <summary>Everything but the keys and intro points that goes into a descriptor.</summary>
public sealed record DescriptorBuildOptions
{
    /// <summary>The revision counter; callers must keep it increasing per blinded key (see <see cref="RevisionCounterClock"/>).</summary>
    public required RevisionCounter RevisionCounter { get; init; }
    /// <summary>The instant certificates are issued at (their expiry is this + <see cref="CertLifetime"/>, rounded up to the hour).</summary>
    public required DateTimeOffset Now { get; init; }
    /// <summary>descriptor-lifetime in minutes; tor uses 180 (rend-spec allows 30–720).</summary>
    public int LifetimeMinutes { get; init; } = 180;
    public TimeSpan CertLifetime { get; init; } = Certs.TorCertBuilder.DefaultLifetime;
    /// <summary>Clients allowed to decrypt the second layer; empty = no client authorisation (fake auth-client lines only).</summary>
    public IReadOnlyList<ClientAuthPublicKey> AuthorizedClients { get; init; } = [];
    public bool SingleOnionService { get; init; }
    public IReadOnlyList<int> Create2Formats { get; init; } = [2];
    /// <summary>`flow-control` as tor 0.4.8+ writes it (FlowCtrl protover range, sendme increment 31); null to omit.</summary>
    public (string Versions, int SendmeInc)? FlowControl { get; init; } = ("1-2", 31);
    public PowParams? PowParams { get; init; }
    /// <summary>Tests only: rewrites the second-layer plaintext before it is encrypted, to make
    /// descriptors that HSDirs accept (they cannot read the layers) but clients must reject.</summary>
    internal Func<byte[], byte[]>? SecondLayerRewrite { get; init; }
}
