using OnionGroove.Control.Auth;
using OnionGroove.TestNetwork;
using OnionGroove.TestSupport;

namespace OnionGroove.Control.Tests;

/// <summary>Every authentication method against a real tor.</summary>
[Trait(TestCategory.Name, TestCategory.Network)]
public sealed class RealTorAuthTests
{
    [Fact]
    public async Task Null_authentication_is_chosen_when_tor_offers_it()
    {
        await using var tor = await StandaloneTor.StartAsync(new TorProcessOptions { ControlAuth = TorControlAuthMode.None });
        await using var c = await TorController.ConnectAsync(tor.Tor.ControlEndpoint, ControlAuth.Auto());
        Assert.Equal(AuthMethods.Null, c.ProtocolInfo.Methods);
        Assert.StartsWith("0.4.", await c.GetInfoAsync("version"));
        Assert.Equal(c.ProtocolInfo.TorVersion, await c.GetInfoAsync("version"));
    }

    [Fact]
    public async Task Hashed_password_authentication()
    {
        const string password = "correct \"horse\" \\ battery";
        await using var tor = await StandaloneTor.StartAsync(new TorProcessOptions { ControlAuth = TorControlAuthMode.Password, ControlPassword = password });
        var ep = tor.Tor.ControlEndpoint;

        await using (var c = await TorController.ConnectAsync(ep, ControlAuth.Password(password)))
            Assert.StartsWith("0.4.", await c.GetInfoAsync("version"));
        await using (var c = await TorController.ConnectAsync(ep, ControlAuth.Auto(password)))
        {
            Assert.True(c.ProtocolInfo.Methods.HasFlag(AuthMethods.HashedPassword));
            Assert.StartsWith("0.4.", await c.GetInfoAsync("version"));
        }

        var wrong = await Assert.ThrowsAsync<ControlAuthenticationException>(() => TorController.ConnectAsync(ep, ControlAuth.Password("wrong")));
        Assert.Contains("refused", wrong.Message);
        Assert.DoesNotContain("wrong", wrong.Message.Replace("refused", ""));
        var none = await Assert.ThrowsAsync<ControlAuthenticationException>(() => TorController.ConnectAsync(ep, ControlAuth.Auto()));
        Assert.Contains("password", none.Message);
    }

    [Fact]
    public async Task Cookie_and_safecookie_over_tcp_and_unix_socket()
    {
        await using var tor = await StandaloneTor.StartAsync(new TorProcessOptions { ControlSocket = true });
        var info = tor.Tor;
        Assert.NotNull(info.ControlSocketEndpoint);
        foreach (var ep in new[] { info.ControlEndpoint, info.ControlSocketEndpoint! })
        {
            foreach (var auth in new[] { ControlAuth.Cookie(info.CookiePath), ControlAuth.SafeCookie(info.CookiePath), ControlAuth.Auto(), ControlAuth.Cookie(), ControlAuth.SafeCookie() })
            {
                await using var c = await TorController.ConnectAsync(ep, auth);
                Assert.True(c.ProtocolInfo.Methods.HasFlag(AuthMethods.Cookie | AuthMethods.SafeCookie));
                Assert.Equal(info.CookiePath, c.ProtocolInfo.CookieFile);
                Assert.StartsWith("0.4.", await c.GetInfoAsync("version"));
            }
        }

        // A cookie file of the right size but the wrong content: SAFECOOKIE notices tor's server
        // hash does not match before revealing anything; COOKIE is refused by tor.
        var fake = Path.Combine(tor.Dir.Path, "fake-cookie");
        await File.WriteAllBytesAsync(fake, new byte[32]);
        var safe = await Assert.ThrowsAsync<ControlAuthenticationException>(() => TorController.ConnectAsync(info.ControlEndpoint, ControlAuth.SafeCookie(fake)));
        Assert.Contains("server hash", safe.Message);
        await Assert.ThrowsAsync<ControlAuthenticationException>(() => TorController.ConnectAsync(info.ControlEndpoint, ControlAuth.Cookie(fake)));
        await File.WriteAllBytesAsync(fake, new byte[5]);
        var size = await Assert.ThrowsAsync<ControlAuthenticationException>(() => TorController.ConnectAsync(info.ControlEndpoint, ControlAuth.Cookie(fake)));
        Assert.Contains("expected 32", size.Message);
    }
}
