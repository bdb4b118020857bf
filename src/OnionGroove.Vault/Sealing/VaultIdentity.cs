using OnionGroove.Age;

namespace OnionGroove.Vault.Sealing;

/// <summary>An age identity loaded from a file, remembering where it came from for messages.</summary>
public sealed record VaultIdentity(IIdentity Identity, string Source);
