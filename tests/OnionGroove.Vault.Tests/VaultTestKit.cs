using OnionGroove.TestSupport;
using OnionGroove.Vault.Manifest;
using OnionGroove.Vault.Sealing;

namespace OnionGroove.Vault.Tests;

public static class VaultTestKit
{
    /// <summary>The identities that open what is sealed to <paramref name="key"/>, as the vault loads them.</summary>
    extension(TestKey key)
    {
        public IReadOnlyList<VaultIdentity> Identities => IdentityLookup.Load([key.File], null, "/nonexistent", []);
    }

    /// <summary>A new vault in TMP/vault whose only member is alice (an age key in TMP): what most
    /// tests start from. The caller disposes the folder.</summary>
    public static (TempDir Tmp, TeamVault Vault, TestKey Alice) NewVault(string prefix)
    {
        var tmp = new TempDir(prefix);
        var alice = TestKey.Age(tmp.Path, "alice");
        return (tmp, TeamVault.Init(tmp["vault"], new TeamMember { Name = "alice", Recipient = alice.Recipient }), alice);
    }

    /// <summary>Decrypts a vault file with the real age CLI; returns its exit code and stdout bytes.</summary>
    public static (int ExitCode, byte[] Plain, string Stderr) AgeDecrypt(string file, string identity)
    {
        // Outside any vault, so plaintext never enters a working tree the tests scan.
        var outFile = Path.Combine(Path.GetTempPath(), "og-age-plain-" + Guid.NewGuid().ToString("N"));
        var r = ExternalProgram.Run("age", ["-d", "-i", identity, "-o", outFile, file]);
        var bytes = File.Exists(outFile) ? File.ReadAllBytes(outFile) : [];
        if (File.Exists(outFile)) File.Delete(outFile);
        return (r.ExitCode, bytes, r.Stderr);
    }
}
