using OnionGroove.Core;
using OnionGroove.Crypto;
using OnionGroove.Descriptors.Building;
using OnionGroove.Descriptors.Parsing;
using OnionGroove.Crypto.Keys;

namespace OnionGroove.Descriptors;

/// <summary>Accepting a backend's descriptor before re-publishing its intro points under the frontend.
///
/// Prop307 (meta-auth-key / meta-enc-key-cert certified for the frontend's signing key) is in Reserve status and
/// was never implemented. What tor 0.4.9 does for `HiddenServiceOnionbalanceInstance 1` (hs_ob.c) is on the
/// introduction side only: the backend also accepts INTRODUCE2 cells made with the *frontend's* subcredentials
/// (frontend identity × previous/current/next time period, from `MasterOnionAddress` in ob_config). The backend's
/// descriptor itself is an ordinary one: its cert chains to the blinded key of the backend's own identity and
/// period, and both layers are encrypted with the backend's own subcredential (Onionbalance decrypts it with the
/// backend's address). So a backend descriptor is verified here with the backend's address — the cert must chain
/// to that blinded key — and its intro points are re-certified under the frontend's fresh signing key by
/// <see cref="HsDescriptorBuilder"/> via <see cref="IntroPointSpec.FromParsed"/>.</summary>
public static class BackendDescriptorPolicy
{
    /// <summary>Verifies (cert chain to the backend's blinded key for <paramref name="period"/>, signature, intro-point
    /// certs, expiry at <paramref name="now"/>) and decrypts a backend descriptor.</summary>
    public static Result<HsDescriptor, DescriptorError> Accept(ReadOnlySpan<byte> text, OnionAddress backend, TimePeriod period, DateTimeOffset now,
        ClientAuthSecretKey? client = null) =>
        HsDescriptorDecoder.Decode(text, backend, period, client, now);

    /// <summary>The backend's intro points, ready to be re-signed into a frontend descriptor.</summary>
    public static IReadOnlyList<IntroPointSpec> IntroPoints(HsDescriptor backendDescriptor) =>
        backendDescriptor.IntroductionPoints.Select(IntroPointSpec.FromParsed).ToArray();
}
