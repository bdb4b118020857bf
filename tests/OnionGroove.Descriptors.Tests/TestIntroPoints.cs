using System.Net;
using System.Security.Cryptography;
using OnionGroove.Crypto;
using OnionGroove.Descriptors.Building;
using OnionGroove.Descriptors.SecondLayer;
using OnionGroove.Crypto.Keys;

namespace OnionGroove.Descriptors.Tests;

/// <summary>Random but well-formed introduction points for build tests.</summary>
internal static class TestIntroPoints
{
    public static IntroPointSpec Random(int i)
    {
        using var onion = X25519SecretKey.Generate();
        using var enc = X25519SecretKey.Generate();
        using var auth = DescriptorSigningKeypair.Generate();
        var specs = new LinkSpecifier[]
        {
            new LinkSpecifier.IPv4(IPAddress.Parse($"127.0.0.{i + 1}"), (ushort)(9000 + i)),
            new LinkSpecifier.LegacyId(RandomNumberGenerator.GetBytes(20)),
            new LinkSpecifier.Ed25519Id(RandomNumberGenerator.GetBytes(32)),
        };
        return IntroPointSpec.Create(specs, onion.PublicKey, auth.PublicKey, enc.PublicKey);
    }

    public static IntroPointSpec[] Many(int n) => Enumerable.Range(0, n).Select(Random).ToArray();
}
