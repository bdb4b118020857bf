namespace OnionGroove.Vault.Manifest;

/// <summary>A mesh client key of the team (docs/mesh.md, "Team and deployment"): the x25519 key a
/// machine of the team presents to the hosts' mesh nodes (rend-spec-v3 [CLIENT-AUTH]). The public
/// half is authorised on every host by the oniongroove_mesh role; the secret, sealed to the team,
/// becomes a `mesh remote add` token for each host's address (`oniongroove mesh-client token`).</summary>
public sealed class MeshClientEntry
{
    public string Name { get; set; } = "";

    /// <summary>The x25519 public key in base32 (52 characters), as mesh.yml lists clients.</summary>
    public string PublicKey { get; set; } = "";

    public SealedSecret Secret { get; set; } = new();
}
