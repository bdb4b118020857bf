namespace OnionGroove.Descriptors.Certs;

/// <summary>Tor certificate types used by onion services (cert-spec §A.1).</summary>
public enum CertType : byte
{
    /// <summary>Blinded key signs the descriptor signing key (rend-spec §2.4 descriptor-signing-key-cert).</summary>
    HsV3DescSigning = 0x08,
    /// <summary>Descriptor signing key signs an introduction point's auth key.</summary>
    HsV3IntroAuth = 0x09,
    /// <summary>Descriptor signing key signs an introduction point's encryption key (curve25519 converted to ed25519).</summary>
    HsV3NtorEnc = 0x0B,
}
