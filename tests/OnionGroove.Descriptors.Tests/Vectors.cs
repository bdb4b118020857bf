using System.Text.Json;
using OnionGroove.Crypto;
using OnionGroove.Descriptors.Consensus;
using OnionGroove.TestSupport;
using OnionGroove.Crypto.Keys;

namespace OnionGroove.Descriptors.Tests;

/// <summary>Access to tests/vectors/tor JSON and files.</summary>
internal static class Vectors
{
    public static JsonElement Json(string file) => JsonDocument.Parse(File.ReadAllText(SharedFiles.TorVector(file))).RootElement;
    public static byte[] Bytes(params string[] parts) => File.ReadAllBytes(SharedFiles.TorVector(parts));
    public static byte[] Hex(this JsonElement e, string name) => Convert.FromHexString(e.GetProperty(name).GetString()!);
    public static BlindedPublicKey Blinded(this JsonElement e, string name) => BlindedPublicKey.FromBytes(e.Hex(name));
    public static Subcredential Subcredential(this JsonElement e, string name) => Crypto.Subcredential.FromBytes(e.Hex(name));
    public static SharedRandomValue Srv(this JsonElement e, string name) => SharedRandomValue.FromBytes(e.Hex(name));
    public static string Str(this JsonElement e, string name) => e.GetProperty(name).GetString()!;

    /// <summary>Every entry of descriptors/descriptors.json.</summary>
    public static IEnumerable<JsonElement> Descriptors() => Json("descriptors/descriptors.json").GetProperty("descriptors").EnumerateArray();

    /// <summary>The descriptors.json entry one of whose files is <paramref name="file"/> (e.g. "arti/hsdesc1.txt").</summary>
    public static JsonElement Descriptor(string file) =>
        Descriptors().Single(d => d.GetProperty("files").EnumerateObject().Any(f => f.Value.GetString() == file));

    /// <summary>The name under "files" that starts with <paramref name="prefix"/> (some names carry a note:
    /// "first_layer_plaintext (superencrypted -> …)").</summary>
    public static string FileKey(JsonElement d, string prefix) =>
        d.GetProperty("files").EnumerateObject().Single(f => f.Name.StartsWith(prefix, StringComparison.Ordinal)).Name;

    public static byte[] DescriptorFile(JsonElement d, string key) => Bytes("descriptors", d.GetProperty("files").GetProperty(key).GetString()!);
}
