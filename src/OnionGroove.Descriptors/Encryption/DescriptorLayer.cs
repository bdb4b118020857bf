namespace OnionGroove.Descriptors.Encryption;

/// <summary>Which descriptor layer (rend-spec-v3 §2.5.3 STRING_CONSTANT).</summary>
public enum DescriptorLayer { First, Second }
