using OnionGroove.Crypto;
using OnionGroove.Crypto.Vanity;
using OnionGroove.TestSupport;
using OnionGroove.Vault.Audit;
using OnionGroove.Vault.Operations;
using static OnionGroove.Vault.Tests.VaultTestKit;

namespace OnionGroove.Vault.Tests;

/// <summary>`site add --split-key` then `site add --prefix --offset`: the vault's key becomes the
/// one a search elsewhere found from its public address, and whatever does not fit changes nothing.</summary>
public class SplitKeyTests
{
    /// <summary>The search a rented machine would run: from the public address only.</summary>
    private static VanityOffsetMatch Search(string address, string prefix)
    {
        var result = VanitySearch.RunFrom(OnionAddress.Parse(address).PublicKey,
            new VanityOptions { Prefixes = [VanityPrefix.Parse(prefix).Value], Count = 1, Threads = 2, BatchSize = 256 });
        return Assert.Single(result.Matches);
    }

    private static string Head(TeamVault v) => IsolatedGit.Ok(v.Root, "rev-parse", "HEAD").Trim();

    [Fact]
    public void The_offset_turns_the_sealed_base_key_into_the_found_one_in_one_commit()
    {
        var (tmp, v, alice) = NewVault("ogsplit");
        using var _ = tmp;
        var pending = SiteOperations.Add(v, "news", 2, null, splitKey: true);
        Assert.True(pending.SplitKeyPending);
        Assert.Contains("split_key_pending: true", File.ReadAllText(Path.Combine(v.Root, "oniongroove.yaml")));
        var backends = pending.Backends.Select(b => b.Address).ToList();

        var found = Search(pending.Address, "ab");
        var site = SplitKeyOperations.ApplyOffset(v, "news", "ab", found.Offset.ToString(), found.Address.ToString(), () => alice.Identities);

        Assert.Equal(found.Address.ToString(), site.Address);
        Assert.StartsWith("ab", site.Address);
        Assert.Null(site.SplitKeyPending);
        Assert.DoesNotContain("split_key", File.ReadAllText(Path.Combine(v.Root, "oniongroove.yaml")));
        Assert.Equal(backends, site.Backends.Select(b => b.Address).ToList()); // backends are untouched
        // The sealed key is the found one (the vault checks it against the recorded address).
        using (var key = v.DecryptFrontendKey("news", alice.Identities))
            Assert.Equal(found.Address, key.Address);
        Assert.StartsWith("site add news --offset: " + pending.Address, IsolatedGit.Ok(v.Root, "log", "-1", "--format=%s"));
        Assert.True(VaultAuditor.Run(v, alice.Identities).Ok);

        // Once applied, the site no longer takes an offset.
        var again = Assert.Throws<VaultException>(() => SplitKeyOperations.ApplyOffset(v, "news", "ab", found.Offset.ToString(), null, () => alice.Identities));
        Assert.Equal(VaultErrorKind.Usage, again.Kind);
        Assert.Contains("not waiting for a split-key offset", again.Message);
    }

    [Fact]
    public void A_wrong_offset_prefix_or_address_is_refused_and_nothing_changes()
    {
        var (tmp, v, alice) = NewVault("ogsplit");
        using var _ = tmp;
        var pending = SiteOperations.Add(v, "news", 1, null, splitKey: true);
        var plain = SiteOperations.Add(v, "shop", 1);
        var found = Search(pending.Address, "ab");
        var elsewhere = Search(plain.Address, "ab"); // an offset found for another key
        var head = Head(v);
        var manifest = File.ReadAllText(Path.Combine(v.Root, "oniongroove.yaml"));
        var sealedBytes = File.ReadAllBytes(v.FullPath(pending.Frontend.Path));
        var asked = 0;
        IReadOnlyList<Sealing.VaultIdentity> Ids() { asked++; return alice.Identities; }

        var cases = new (string Site, string Prefix, string Offset, string? Expect, VaultErrorKind Kind, string Says)[]
        {
            ("news", "ab", elsewhere.Offset.ToString(), null, VaultErrorKind.BadInput, "does not start with 'ab'"),
            ("news", "ab", elsewhere.Offset.ToString(), found.Address.ToString(), VaultErrorKind.BadInput, "does not start with 'ab'"),
            ("news", "ab", found.Offset.ToString(), elsewhere.Address.ToString(), VaultErrorKind.BadInput, $"not the expected {elsewhere.Address}"),
            ("news", "zz", found.Offset.ToString(), null, VaultErrorKind.BadInput, "does not start with 'zz'"),
            ("news", "ab", "12", null, VaultErrorKind.BadInput, "--offset"),
            ("news", "a0", found.Offset.ToString(), null, VaultErrorKind.Usage, "--prefix a0"),
            ("news", "ab", found.Offset.ToString(), "not-an-address", VaultErrorKind.BadInput, "--expect not-an-address"),
            ("shop", "ab", elsewhere.Offset.ToString(), null, VaultErrorKind.Usage, "not waiting for a split-key offset"),
            ("nope", "ab", found.Offset.ToString(), null, VaultErrorKind.Usage, "no site named 'nope'"),
        };
        foreach (var c in cases)
        {
            var e = Assert.Throws<VaultException>(() => SplitKeyOperations.ApplyOffset(v, c.Site, c.Prefix, c.Offset, c.Expect, Ids));
            Assert.Equal(c.Kind, e.Kind);
            Assert.Contains(c.Says, e.Message);
        }
        // None of them opened the secret key, committed, or touched a file.
        Assert.Equal(0, asked);
        Assert.Equal(head, Head(v));
        Assert.Equal(manifest, File.ReadAllText(Path.Combine(v.Root, "oniongroove.yaml")));
        Assert.Equal(sealedBytes, File.ReadAllBytes(v.FullPath(pending.Frontend.Path)));
        Assert.Equal("", IsolatedGit.Ok(v.Root, "status", "--porcelain"));

        // Someone who cannot open the key cannot apply even the right offset; nothing changes.
        var mallory = TestKey.Age(tmp.Path, "mallory");
        var locked = Assert.Throws<VaultException>(() => SplitKeyOperations.ApplyOffset(v, "news", "ab", found.Offset.ToString(), null, () => mallory.Identities));
        Assert.Equal(VaultErrorKind.NoIdentity, locked.Kind);
        Assert.Equal(head, Head(v));

        // --split-key with --prefix is a usage error: the prefix belongs to the search.
        Assert.Equal(VaultErrorKind.Usage, Assert.Throws<VaultException>(() => SiteOperations.Add(v, "blog", 1, "ab", splitKey: true)).Kind);
    }
}
