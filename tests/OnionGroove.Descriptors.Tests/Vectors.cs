using System.Text.Json;
using OnionGroove.TestSupport;

namespace OnionGroove.Descriptors.Tests;

/// <summary>Access to tests/vectors/tor JSON and files.</summary>
internal static class Vectors
{
    public static JsonElement Json(string file) => JsonDocument.Parse(File.ReadAllText(SharedFiles.TorVector(file))).RootElement;
    public static byte[] Bytes(params string[] parts) => File.ReadAllBytes(SharedFiles.TorVector(parts));
    public static byte[] Hex(this JsonElement e, string name) => Convert.FromHexString(e.GetProperty(name).GetString()!);
    public static string Str(this JsonElement e, string name) => e.GetProperty(name).GetString()!;
    public static JsonElement Descriptor(int index) => Json("descriptors/descriptors.json").GetProperty("descriptors")[index];
    public static byte[] DescriptorFile(JsonElement d, string key) => Bytes("descriptors", d.GetProperty("files").GetProperty(key).GetString()!);
}
