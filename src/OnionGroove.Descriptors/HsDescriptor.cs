using OnionGroove.Descriptors.FirstLayer;
using OnionGroove.Descriptors.OuterLayer;
using OnionGroove.Descriptors.SecondLayer;

namespace OnionGroove.Descriptors;

/// <summary>A fully verified and decrypted v3 onion-service descriptor: outer layer, first layer (client-auth data)
/// and second layer (introduction points). Naming: a …Descriptor is the whole signed document; each of its three
/// layers is a …LayerDocument in the folder and namespace of its name (OuterLayer/, FirstLayer/, SecondLayer/).</summary>
public sealed class HsDescriptor
{
    public required OuterLayerDocument OuterLayer { get; init; }
    public required FirstLayerDocument FirstLayer { get; init; }
    public required SecondLayerDocument SecondLayer { get; init; }
    /// <summary>The decrypted layers as bytes (first layer with its NUL padding).</summary>
    public required byte[] FirstLayerPlaintext { get; init; }
    public required byte[] SecondLayerPlaintext { get; init; }
    /// <summary>True when the second layer needed a descriptor cookie (client authorisation is on).</summary>
    public bool UsedClientAuth { get; init; }

    public RevisionCounter RevisionCounter => OuterLayer.RevisionCounter;
    public int LifetimeMinutes => OuterLayer.LifetimeMinutes;
    public IReadOnlyList<IntroductionPoint> IntroductionPoints => SecondLayer.IntroductionPoints;
}
