using System.Text;
using OnionGroove.Crypto;
using OnionGroove.Descriptors.OuterLayer;
using OnionGroove.Crypto.Keys;

namespace OnionGroove.Descriptors.Building;

/// <summary>A descriptor we built, with the public facts a publisher needs.</summary>
public sealed record BuiltDescriptor(byte[] Text, BlindedPublicKey BlindedKey, TimePeriod Period, RevisionCounter RevisionCounter, Ed25519PublicKey SigningKey,
    DateTimeOffset CertExpires)
{
    public string AsString() => Encoding.ASCII.GetString(Text);
}
