using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using OnionGroove.Crypto.Keys;
using OnionGroove.Probe.Network;
using OnionGroove.Probe.Site;

namespace OnionGroove.Probe.Tests;

public sealed class SiteFetcherTests
{
    internal static X509Certificate2 SelfSigned(string dnsName, DateTimeOffset notAfter)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var req = new CertificateRequest($"CN={dnsName}", key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        san.AddDnsName(dnsName);
        req.CertificateExtensions.Add(san.Build());
        return req.CreateSelfSigned(notAfter.AddDays(-30), notAfter);
    }

    [Fact]
    public void Certificate_facts_name_expiry_and_trust()
    {
        using var id = IdentitySecretKey.Generate();
        var host = id.Address.ToString();
        var until = new DateTimeOffset(2027, 3, 1, 0, 0, 0, TimeSpan.Zero);
        var own = SiteFetcher.Facts(SelfSigned(host, until), host, SslPolicyErrors.RemoteCertificateChainErrors);
        Assert.True(own.NameMatches);
        Assert.False(own.Trusted);
        Assert.Equal(until, own.NotAfter);
        Assert.True(SiteFetcher.Facts(SelfSigned("*." + host, until), "www." + host, SslPolicyErrors.None) is { NameMatches: true, Trusted: true });
        using var other = IdentitySecretKey.Generate();
        Assert.False(SiteFetcher.Facts(SelfSigned(other.Address.ToString(), until), host, SslPolicyErrors.RemoteCertificateNameMismatch).NameMatches);
    }

    [Fact]
    public async Task A_socks_port_that_refuses_gives_an_unreached_result_not_an_exception()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop(); // now nothing listens there
        using var id = IdentitySecretKey.Generate();
        var r = await SiteFetcher.FetchAsync(new Uri($"http://{id.Address}/"), new IPEndPoint(IPAddress.Loopback, port), TimeSpan.FromSeconds(10));
        Assert.False(r.Reached);
        Assert.Null(r.StatusCode);
        Assert.False(string.IsNullOrWhiteSpace(r.Error));
    }

    [Theory]
    [InlineData("\"127.0.0.1:9050\"", "127.0.0.1:9050")]
    [InlineData("\"unix:/run/tor/socks\" \"127.0.0.1:39001\" \"[::1]:9050\"", "127.0.0.1:39001")]
    [InlineData("\"[::1]:9150\"", "[::1]:9150")]
    [InlineData("", null)]
    [InlineData("\"unix:/run/tor/socks\"", null)]
    [InlineData("\"127.0.0.1:0\"", null)]
    public void Socks_listener_from_getinfo(string answer, string? expected) =>
        Assert.Equal(expected, ProbeTor.SocksListener(answer)?.ToString());

    [Fact]
    public void Socks_listener_reads_any_answer_without_throwing()
    {
        var rng = new Random(1313);
        const string alphabet = "\"0123456789.:[]unix/ abcdef\t";
        for (var i = 0; i < 5000; i++)
        {
            var s = new string([.. Enumerable.Range(0, rng.Next(40)).Select(_ => alphabet[rng.Next(alphabet.Length)])]);
            if (ProbeTor.SocksListener(s) is { } ep) Assert.InRange(ep.Port, 1, 65535);
        }
    }
}
