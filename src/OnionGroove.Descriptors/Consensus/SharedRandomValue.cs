namespace OnionGroove.Descriptors.Consensus;

/// <summary>A shared random value (srv-spec §2–3): 32 bytes the directory authorities agree on once per protocol run,
/// published in the consensus as shared-rand-current-value / shared-rand-previous-value (srv-spec §6). The hash ring
/// mixes it into every HSDir's position (rend-spec-v3 §2.2.3 hsdir_index), so it is a type of its own rather than
/// one more 32-byte span beside the blinded key and the subcredential.</summary>
public sealed class SharedRandomValue : IEquatable<SharedRandomValue>
{
    public const int Length = 32;
    private readonly byte[] _bytes;

    private SharedRandomValue(byte[] bytes) => _bytes = bytes;

    public static SharedRandomValue FromBytes(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length != Length) throw new ArgumentException($"a shared random value is {Length} bytes, got {bytes.Length}", nameof(bytes));
        return new SharedRandomValue(bytes.ToArray());
    }

    public ReadOnlySpan<byte> AsSpan() => _bytes;

    public bool Equals(SharedRandomValue? other) => other is not null && _bytes.AsSpan().SequenceEqual(other._bytes);
    public override bool Equals(object? obj) => Equals(obj as SharedRandomValue);
    public override int GetHashCode() => BitConverter.ToInt32(_bytes, 0);
    /// <summary>Base64, as the consensus writes it.</summary>
    public override string ToString() => Convert.ToBase64String(_bytes);
}
