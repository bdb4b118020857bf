using OnionGroove.Crypto.Keys;
using OnionGroove.Mesh.Node;
using OnionGroove.TestSupport;
using OnionGroove.TestSupport.Fuzz;

namespace OnionGroove.Mesh.Tests;

public sealed class MeshTokenTests
{
    private static MeshToken NewToken() => new(IdentitySecretKey.Generate().Address, ClientAuthSecretKey.Generate());

    [Fact]
    public void A_token_reads_back_to_the_same_node_and_key()
    {
        using var token = NewToken();
        var text = token.Export();
        Assert.StartsWith(MeshToken.Prefix + ":" + token.Node.ServiceId + ":", text);
        using var back = MeshToken.Parse("  " + text + "\n").Value;
        Assert.Equal(token.Node, back.Node);
        Assert.Equal(token.Key.ExportBase32(), back.Key.ExportBase32());
        // Case does not matter (a token read aloud or typed from a QR scan).
        using var upper = MeshToken.Parse(text.ToUpperInvariant()).Value;
        Assert.Equal(token.Key.PublicKey, upper.Key.PublicKey);
    }

    [Fact]
    public void A_changed_character_anywhere_is_caught_by_the_check()
    {
        using var token = NewToken();
        var text = token.Export();
        var start = MeshToken.Prefix.Length + 1;
        for (var i = start; i < text.Length; i++)
        {
            if (text[i] == ':') continue;
            var swapped = text[..i] + (text[i] == 'a' ? 'b' : 'a') + text[(i + 1)..];
            var r = MeshToken.Parse(swapped);
            Assert.False(r.IsSuccess, $"a change at {i} was accepted");
            Assert.Contains("check does not match", r.Error!.Message);
        }
    }

    [Theory]
    [InlineData("", "not a mesh token")]
    [InlineData("ssh-ed25519 AAAA", "not a mesh token")]
    [InlineData("oniongroove-mesh9:a:b:c", "format this oniongroove does not know")]
    [InlineData("oniongroove-mesh1:abc", "4 ':'-separated fields")]
    public void Malformed_tokens_are_refused_with_the_reason(string text, string expected) =>
        Assert.Contains(expected, MeshToken.Parse(text).Error!.Message);

    [Fact]
    public void Neither_the_refusal_nor_ToString_shows_the_secret()
    {
        using var token = NewToken();
        var secret = token.Key.ExportBase32();
        Assert.DoesNotContain(secret, token.ToString());
        var text = token.Export();
        var broken = text[..^1] + (text[^1] == 'a' ? 'b' : 'a');
        Assert.DoesNotContain(secret, MeshToken.Parse(broken).Error!.Message);
    }

    [Fact]
    public void Fuzzed_tokens_never_throw()
    {
        using var token = NewToken();
        var report = Fuzzer.Run("mesh tokens", Fuzzer.Seed(14_01), 3000, [System.Text.Encoding.ASCII.GetBytes(token.Export())], input =>
        {
            var r = MeshToken.Parse(System.Text.Encoding.UTF8.GetString(input));
            if (r.TryGet(out var t, out var p)) { t.Dispose(); return null; }
            return p.Message;
        });
        Assert.True(report.Refused > 0, report.ToString());
    }
}
