using System.Security.Cryptography;
using OnionGroove.Age.Recipients;

namespace OnionGroove.Age.Tests;

/// <summary>Every CCTV age vector, with the outcome kind checked (not just pass/fail) and the
/// SHA-256 of all plaintext released compared to the vector's "payload".</summary>
public class VectorTests
{
    public static TheoryData<string> AllVectors() => new(TestVector.Names());

    [Fact]
    public void The_vector_folder_holds_all_143_vectors()
    {
        Assert.Equal(143, TestVector.Names().Count());
    }

    [Theory]
    [MemberData(nameof(AllVectors))]
    public void Vector_has_the_expected_outcome(string name)
    {
        var v = TestVector.Load(name);

        // Post-quantum (ML-KEM-768 + X25519) identities are not implemented: they must be refused
        // as "unsupported" at parse time, never mistaken for a malformed key or silently skipped.
        if (v.Identities.Any(i => i.StartsWith("AGE-SECRET-KEY-PQ-", StringComparison.Ordinal)))
        {
            foreach (var pq in v.Identities.Where(i => i.StartsWith("AGE-SECRET-KEY-PQ-", StringComparison.Ordinal)))
            {
                var e = Assert.IsType<AgeUnsupportedException>(X25519Identity.Parse(pq).Error);
                Assert.Equal(AgeFailureKind.Unsupported, e.Kind);
            }
            Assert.StartsWith("hybrid", name.Replace("armor_", ""));
            return;
        }

        var identities = new List<IIdentity>();
        identities.AddRange(v.Identities.Select(i => X25519Identity.Parse(i).Value));
        identities.AddRange(v.Passphrases.Select(p => new ScryptIdentity(p)));
        if (identities.Count == 0) identities.Add(X25519Identity.Generate()); // "empty" vectors carry no key

        var released = new MemoryStream();
        AgeException? failure = null;
        try
        {
            AgeDecryptor.Decrypt(new MemoryStream(v.File), released, identities, v.Armored ? AgeArmor.Armored : AgeArmor.Binary);
        }
        catch (AgeException e)
        {
            failure = e;
        }

        var expected = v.Expect switch
        {
            "success" => (AgeFailureKind?)null,
            "no match" => AgeFailureKind.NoIdentityMatched,
            "HMAC failure" => AgeFailureKind.HeaderMac,
            "header failure" => AgeFailureKind.Header,
            "payload failure" => AgeFailureKind.Payload,
            "armor failure" => AgeFailureKind.Armor,
            _ => throw new InvalidDataException($"unknown expect \"{v.Expect}\""),
        };
        Assert.True(expected == failure?.Kind,
            $"{name}: expected {v.Expect}, got {(failure is null ? "success" : $"{failure.Kind}: {failure.Message}")}");
        if (v.Payload is not null)
            Assert.Equal(v.Payload, Convert.ToHexStringLower(SHA256.HashData(released.ToArray())));
        if (expected is not null and not AgeFailureKind.Payload)
            Assert.Equal(0, released.Length);
    }
}
