using System.Text.Json;
using OnionGroove.TestSupport;

namespace OnionGroove.Crypto.Tests;

/// <summary>Loads the JSON vectors in tests/vectors/tor.</summary>
internal static class TorVectors
{
    public static JsonElement Load(string file) =>
        JsonDocument.Parse(File.ReadAllBytes(SharedFiles.TorVector(file))).RootElement;

    public static byte[] Hex(this JsonElement e, string property) => Convert.FromHexString(e.GetProperty(property).GetString()!);

    public static string Str(this JsonElement e, string property) => e.GetProperty(property).GetString()!;

    public static IEnumerable<object[]> Ed25519Indexes() =>
        Enumerable.Range(0, Load("ed25519_blinding.json").GetProperty("tor_ed25519_vectors").GetProperty("vectors").GetArrayLength())
            .Select(i => new object[] { i });

    public static JsonElement Ed25519Vector(int index) =>
        Load("ed25519_blinding.json").GetProperty("tor_ed25519_vectors").GetProperty("vectors")[index];
}
