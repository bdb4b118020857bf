using System.Text;
using OnionGroove.Crypto;
using OnionGroove.TestSupport;
using OnionGroove.Vault.Audit;
using OnionGroove.Vault.Manifest;
using OnionGroove.Vault.Operations;
using OnionGroove.Vault.Sealing;
using OnionGroove.Vault.Secrets;
using OnionGroove.Crypto.Keys;
using static OnionGroove.Vault.Tests.VaultTestKit;

namespace OnionGroove.Vault.Tests;

/// <summary>
/// `team add` / `team remove` decrypt and re-encrypt every secret. Each kind of bad secret below
/// used to be re-sealed (exit 0), after which `audit` said "no problems found": the bad secret
/// came out looking freshly approved by the team. Now re-sealing refuses with the list of bad
/// secrets and changes nothing, and audit reports each one.
/// </summary>
public class ResealVerificationTests
{
    private sealed record Setup(TempDir Tmp, TeamVault Vault, TestKey Alice, TestKey Bob) : IDisposable
    {
        public void Dispose() => Tmp.Dispose();
    }

    private static Setup NewVault()
    {
        var (tmp, v, alice) = VaultTestKit.NewVault("ogv");
        var bob = TestKey.Age(tmp.Path, "bob");
        TeamOperations.Add(v, "bob", bob.Recipient, []);
        SiteOperations.Add(v, "news", 2);
        SiteOperations.Add(v, "blog", 1);
        ClientOperations.Add(v, "news", "c1");
        ClientOperations.Add(v, "blog", "c1");
        return new(tmp, v, alice, bob);
    }

    /// <summary>Commits raw bytes as a secret's file, as a hostile or careless commit would.</summary>
    private static void Commit(TeamVault v, string rel, byte[] sealedBytes)
    {
        File.WriteAllBytes(v.FullPath(rel), sealedBytes);
        IsolatedGit.Ok(v.Root, "add", "--", rel);
        IsolatedGit.Ok(v.Root, "commit", "-q", "-m", $"tamper {rel}");
    }

    private static byte[] SealToTeam(TeamVault v, byte[] plain) => SecretSealer.Seal(plain, v.Manifest.Team);

    /// <summary>Each case plants one bad secret and names the label that must be reported.</summary>
    public static TheoryData<string> Cases => ["swapped-backends", "garbage-2-bytes", "other-sites-key", "5mb-plaintext", "other-sites-client", "manifest-address-edit"];

    private static string Plant(TeamVault v, string kind)
    {
        var news = v.Manifest.FindSite("news")!;
        var blog = v.Manifest.FindSite("blog")!;
        switch (kind)
        {
            case "swapped-backends":
                var b1 = File.ReadAllBytes(v.FullPath(news.Backends[0].Secret.Path));
                var b2 = File.ReadAllBytes(v.FullPath(news.Backends[1].Secret.Path));
                File.WriteAllBytes(v.FullPath(news.Backends[0].Secret.Path), b2);
                Commit(v, news.Backends[1].Secret.Path, b1);
                IsolatedGit.Ok(v.Root, "commit", "-q", "-a", "-m", "swap");
                return "news/backends/b1";
            case "garbage-2-bytes":
                Commit(v, news.Frontend.Path, SealToTeam(v, [0x41, 0x42]));
                return "news/frontend";
            case "other-sites-key":
                Commit(v, news.Frontend.Path, File.ReadAllBytes(v.FullPath(blog.Frontend.Path)));
                return "news/frontend";
            case "5mb-plaintext":
                Commit(v, news.Backends[0].Secret.Path, SealToTeam(v, new byte[5 << 20]));
                return "news/backends/b1";
            case "other-sites-client":
                Commit(v, news.Clients[0].Secret.Path, File.ReadAllBytes(v.FullPath(blog.Clients[0].Secret.Path)));
                return "news/clients/c1";
            case "manifest-address-edit":
                // Someone points the manifest at another address (their own backend, say).
                using (var other = IdentitySecretKey.Generate())
                {
                    var path = Path.Combine(v.Root, ManifestFile.FileName);
                    File.WriteAllText(path, File.ReadAllText(path).Replace(news.Backends[1].Address, other.Address.ToString()));
                }
                IsolatedGit.Ok(v.Root, "commit", "-q", "-a", "-m", "edit address");
                v.Reload();
                return "news/backends/b2";
            default: throw new ArgumentException(kind);
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Team_add_refuses_to_reseal_a_bad_secret_and_changes_nothing(string kind)
    {
        using var s = NewVault();
        var v = s.Vault;
        var label = Plant(v, kind);
        var head = IsolatedGit.Ok(v.Root, "rev-parse", "HEAD");
        var carol = TestKey.Age(s.Tmp.Path, "carol");

        var e = Assert.Throws<VaultException>(() => TeamOperations.Add(v, "carol", carol.Recipient, s.Alice.Identities));
        Assert.Equal(VaultErrorKind.BadInput, e.Kind);
        Assert.Contains("refusing to re-seal", e.Message);
        Assert.Contains(label, e.Message);
        Assert.Equal(head, IsolatedGit.Ok(v.Root, "rev-parse", "HEAD"));
        Assert.Equal("", IsolatedGit.Ok(v.Root, "status", "--porcelain"));
        Assert.Null(v.Manifest.FindMember("carol"));

        var r = Assert.Throws<VaultException>(() => TeamOperations.Remove(v, "bob", s.Alice.Identities, rotate: false));
        Assert.Equal(VaultErrorKind.BadInput, r.Kind);
        Assert.Contains(label, r.Message);
        Assert.Equal(head, IsolatedGit.Ok(v.Root, "rev-parse", "HEAD"));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Audit_reports_the_bad_secret(string kind)
    {
        using var s = NewVault();
        var v = s.Vault;
        var label = Plant(v, kind);
        var report = VaultAuditor.Run(v, s.Bob.Identities);
        Assert.False(report.Ok);
        var problem = Assert.Single(report.Problems, p => p.Message.StartsWith(label, StringComparison.Ordinal));
        Assert.Contains(problem.Kind, new[] { AuditProblemKinds.WrongSecret, AuditProblemKinds.Unreadable });
    }

    [Fact]
    public void Several_bad_secrets_are_all_listed()
    {
        using var s = NewVault();
        var v = s.Vault;
        Plant(v, "garbage-2-bytes");
        Plant(v, "other-sites-client");
        var e = Assert.Throws<VaultException>(() => TeamOperations.Add(v, "carol", TestKey.Age(s.Tmp.Path, "carol").Recipient, s.Alice.Identities));
        Assert.Contains("2 secrets failed verification", e.Message);
        Assert.Contains("news/frontend", e.Message);
        Assert.Contains("news/clients/c1", e.Message);
    }

    [Fact]
    public void Rotating_a_bad_backend_while_removing_a_member_replaces_it()
    {
        using var s = NewVault();
        var v = s.Vault;
        Plant(v, "garbage-2-bytes");
        // The frontend cannot rotate, so removal still refuses; after fixing it, rotation of a bad
        // backend is allowed because the bad key is thrown away, not re-sealed.
        IsolatedGit.Ok(v.Root, "revert", "--no-edit", "HEAD");
        v.Reload();
        Plant(v, "5mb-plaintext");
        var result = TeamOperations.Remove(v, "bob", s.Alice.Identities, rotate: true);
        Assert.Contains("news/backends/b1", result.Rotated);
        Assert.True(VaultAuditor.Run(v, s.Alice.Identities).Ok);
    }
}
