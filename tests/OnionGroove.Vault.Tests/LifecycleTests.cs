using System.Security.Cryptography;
using OnionGroove.Crypto;
using System.Text;
using OnionGroove.TestSupport;
using OnionGroove.Vault.Audit;
using OnionGroove.Vault.Manifest;
using OnionGroove.Vault.Operations;
using OnionGroove.Vault.Secrets;
using OnionGroove.Crypto.Files;
using static OnionGroove.Vault.Tests.VaultTestKit;

namespace OnionGroove.Vault.Tests;

public class LifecycleTests
{
    [Fact]
    public void Three_members_share_keys_through_a_remote_and_removal_locks_out_the_removed_one()
    {
        using var tmp = new TempDir("ogv");
        var alice = TestKey.Age(tmp.Path, "alice");
        var bob = TestKey.Ssh(tmp.Path, "bob");
        var carol = TestKey.Age(tmp.Path, "carol");
        var remote = IsolatedGit.BareRemote(tmp.Path);
        var seenKeys = new List<byte[]>();

        // alice creates the vault, adds bob, a site, then carol (which re-seals everything).
        var a = TeamVault.Init(tmp["alice"], new TeamMember { Name = "alice", Recipient = alice.Recipient }, remote);
        Assert.Equal(0, TeamOperations.Add(a, "bob", bob.Recipient, alice.Identities));
        var news = SiteOperations.Add(a, "news", 2);
        Assert.Equal(3, TeamOperations.Add(a, "carol", carol.Recipient, alice.Identities));
        Assert.Equal(["alice", "bob"], news.Frontend.SealedTo);
        Assert.Equal(["alice", "bob", "carol"], a.Manifest.FindSite("news")!.Frontend.SealedTo);
        VaultSync.Run(a);

        // Every secret opens with the real age CLI for every member, to the tor key file bytes.
        foreach (var e in a.Manifest.AllSecrets())
            foreach (var m in new[] { alice, bob, carol })
            {
                var (code, plain, err) = AgeDecrypt(a.FullPath(e.Secret.Path), m.File);
                Assert.True(code == 0, $"age -d {e.Label} as {m.Name}: {err}");
                seenKeys.Add(ExpandedSecretOf(plain));
            }

        // bob clones from the remote, decrypts with his SSH key, adds a site and syncs.
        IsolatedGit.Ok(tmp.Path, "clone", "-q", remote, "bob");
        var b = TeamVault.Open(tmp["bob"]);
        using (var key = b.DecryptFrontendKey("news", bob.Identities))
            Assert.Equal(news.Address, key.Address.ToString());
        var shop = SiteOperations.Add(b, "shop", 1);
        var bobSync = VaultSync.Run(b);
        Assert.Equal(1, bobSync.Pushed);

        // alice pulls and sees bob's site; she can read its keys.
        var aliceSync = VaultSync.Run(a);
        Assert.Equal(1, aliceSync.Pulled);
        Assert.NotNull(a.Manifest.FindSite("shop"));
        using (var key = a.DecryptBackendKey("shop", "b1", alice.Identities))
            Assert.Equal(shop.Backends[0].Address, key.Address.ToString());
        Assert.Contains("site add shop: frontend + 1 backend", IsolatedGit.Ok(a.Root, "log", "--format=%s"));

        // Keep one of carol's old ciphertexts (git history holds it too).
        var oldFrontend = tmp["old-news-frontend.age"];
        File.Copy(a.FullPath(news.Frontend.Path), oldFrontend);
        var oldBackendAddresses = a.Manifest.AllSecrets().Where(e => e.Kind == SecretKind.Backend)
            .Select(e => e.Site.FindBackend(e.Name)!.Address).ToList();

        var removal = TeamOperations.Remove(a, "carol", alice.Identities, rotate: true);
        Assert.Equal(5, removal.Exposed.Count);
        Assert.Equal(["news/backends/b1", "news/backends/b2", "shop/backends/b1"], removal.Rotated.Order());
        Assert.Equal(["news/frontend", "shop/frontend"], removal.NotRotated.Select(e => e.Label).Order());
        Assert.Empty(a.Manifest.AllSecrets().Select(e => e.Site.FindBackend(e.Name)?.Address).Intersect(oldBackendAddresses));
        VaultSync.Run(a);

        // carol can open nothing sealed after her removal, neither with our code nor with age.
        foreach (var e in a.Manifest.AllSecrets())
        {
            var ex = Assert.Throws<VaultException>(() => a.DecryptSecretBytes(e, carol.Identities));
            Assert.Equal(VaultErrorKind.NoIdentity, ex.Kind);
            Assert.Contains("alice, bob", ex.Message);
            Assert.NotEqual(0, AgeDecrypt(a.FullPath(e.Secret.Path), carol.File).ExitCode);
            Assert.Equal(["alice", "bob"], e.Secret.SealedTo);
        }
        // ...but her copy from before still opens: why the frontend warning and rotation matter.
        Assert.Equal(0, AgeDecrypt(oldFrontend, carol.File).ExitCode);

        // bob pulls the removal and still reads everything, including the rotated keys.
        VaultSync.Run(b);
        foreach (var e in b.Manifest.AllSecrets())
        {
            var plain = b.DecryptSecretBytes(e, bob.Identities);
            seenKeys.Add(ExpandedSecretOf(plain));
            CryptographicOperations.ZeroMemory(plain);
        }

        // The audit is clean, and an independent scan of every object in both clones and the
        // remote (git cat-file --batch-all-objects) finds no key in plaintext.
        var report = VaultAuditor.Run(a, alice.Identities);
        Assert.True(report.Ok, string.Join("\n", report.Problems.Select(p => p.Message)));
        Assert.True(report.GitObjectsScanned > 20, $"only {report.GitObjectsScanned} objects scanned");
        foreach (var repo in new[] { a.Root, b.Root, remote })
            AssertNoPlaintext(repo, seenKeys);
    }

    /// <summary>Reads every object git has (loose and packed, reachable or not) and every file of
    /// the working tree, looking for the raw expanded keys and for key-file markers.</summary>
    internal static void AssertNoPlaintext(string repo, IReadOnlyList<byte[]> keys)
    {
        var psi = new System.Diagnostics.ProcessStartInfo("git") { RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var arg in new[] { "-C", repo, "cat-file", "--batch-all-objects", "--batch" }) psi.ArgumentList.Add(arg);
        using var p = System.Diagnostics.Process.Start(psi)!;
        using var ms = new MemoryStream();
        p.StandardOutput.BaseStream.CopyTo(ms);
        p.WaitForExit();
        Assert.Equal(0, p.ExitCode);
        var blobs = new List<byte[]> { ms.ToArray() };
        if (Directory.Exists(Path.Combine(repo, ".git")))
            blobs.AddRange(Directory.EnumerateFiles(repo, "*", SearchOption.AllDirectories)
                .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}.git{Path.DirectorySeparatorChar}")).Select(File.ReadAllBytes));
        Assert.True(ms.Length > 1000);
        var markers = new[] { "== ed25519v1-secret", "AGE-SECRET-KEY-1", "PRIVATE KEY-----" }.Select(Encoding.ASCII.GetBytes).ToList();
        foreach (var data in blobs)
        {
            foreach (var k in keys) Assert.True(data.AsSpan().IndexOf(k) < 0, $"a raw key appears in {repo}");
            foreach (var m in markers) Assert.True(data.AsSpan().IndexOf(m) < 0, $"'{Encoding.ASCII.GetString(m)}' appears in {repo}");
        }
    }

    /// <summary>The expanded key inside a decrypted secret, which must be a valid tor key file.</summary>
    private static byte[] ExpandedSecretOf(byte[] plain)
    {
        var read = TorKeyFiles.ParseSecretKey(plain);
        Assert.True(read.IsSuccess, read.Error?.ToString());
        using var key = read.Value;
        var expanded = new byte[64];
        key.ExportExpanded(expanded);
        return expanded;
    }
}
