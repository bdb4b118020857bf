using OnionGroove.Age;

namespace OnionGroove.Vault.Sealing;

/// <summary>An age identity loaded from a file, remembering where it came from for messages. In the
/// vault "identity" always means this (what decrypts); an onion service's key is an "identity key"
/// (see <see cref="TeamVault"/>).</summary>
public sealed record VaultIdentity(IIdentity Identity, string Source);
