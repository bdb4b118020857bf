using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using OnionGroove.TestNetwork;
using OnionGroove.TestSupport;

namespace OnionGroove.Cli.Tests;

/// <summary>`oniongroove descriptor decode|fetch` against the shared descriptor vectors.</summary>
public class DescriptorCommandTests
{
    private static string Desc(string rel) => SharedFiles.TorVector("descriptors", rel);
    private const string Hsdesc2Address = "paozpdhgz2okvc6kgbxvh2bnfsmt4xergrtcl4obkhopyvwxkpjzvoad.onion";
    private const string Hsdesc2AuthPrivate = "paozpdhgz2okvc6kgbxvh2bnfsmt4xergrtcl4obkhopyvwxkpjzvoad:descriptor:x25519:SDZNMD4RP4SCH4EYTTUZPFRZINNFWAOPPKZ6BINZAC7LREV24RBQ";

    [Fact]
    public void Decodes_a_client_auth_descriptor_finding_the_time_period_from_the_cert()
    {
        using var tmp = new TempDir("ogc");
        File.WriteAllText(tmp["k.auth_private"], Hsdesc2AuthPrivate + "\n");
        var r = CliRunner.Run("descriptor", "decode", "--address", Hsdesc2Address, "--client-key", tmp["k.auth_private"], Desc("arti/hsdesc2.txt"));
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Contains("revision counter:   1763078644", r.Stdout);
        Assert.Contains("time period:        19397", r.Stdout);
        Assert.Contains("found from the certificate", r.Stdout);
        Assert.Contains("client auth:        yes", r.Stdout);
        Assert.Contains("introduction points (3):", r.Stdout);
        Assert.DoesNotContain("SDZNMD4RP4SCH4EYTTUZPFRZINNFWAOPPKZ6BINZAC7LREV24RBQ", r.Stdout + r.Stderr);
    }

    [Fact]
    public void Json_output_is_versioned()
    {
        using var tmp = new TempDir("ogc");
        File.WriteAllText(tmp["k.auth_private"], Hsdesc2AuthPrivate);
        var r = CliRunner.Run("descriptor", "decode", "-a", Hsdesc2Address, "--client-key", tmp["k.auth_private"], "--time-period", "19397", "--json",
            Desc("arti/hsdesc2.txt"));
        Assert.True(r.ExitCode == 0, r.Stderr);
        var doc = JsonDocument.Parse(r.Stdout).RootElement;
        Assert.Equal(1, doc.GetProperty("version").GetInt32());
        var data = doc.GetProperty("data");
        Assert.Equal(1763078644UL, data.GetProperty("revision_counter").GetUInt64());
        Assert.Equal(3, data.GetProperty("introduction_points").GetArrayLength());
        Assert.Equal("2023-02-11T21:00:00Z", data.GetProperty("signing_cert_expires").GetString());
        Assert.True(data.GetProperty("client_auth").GetBoolean());
        Assert.False(data.GetProperty("time_period").GetProperty("guessed").GetBoolean());
    }

    [Fact]
    public void Without_the_client_key_it_asks_for_one()
    {
        var r = CliRunner.Run("descriptor", "decode", "--address", Hsdesc2Address, Desc("arti/hsdesc2.txt"));
        Assert.Equal(4, r.ExitCode);
        Assert.Contains("--client-key", r.Stderr);
        Assert.Equal("", r.Stdout);
    }

    [Fact]
    public void Wrong_address_is_bad_input()
    {
        var r = CliRunner.Run("descriptor", "decode", "--address", "sltib6sxkuxh2scmtuvd5w2g7pahnzkovefxpo4e4ptnkzl5kkq5h2ad.onion", Desc("arti/hsdesc2.txt"));
        Assert.Equal(3, r.ExitCode);
        Assert.Contains("not signed by a blinded key of sltib6", r.Stderr);
    }

    [Fact]
    public void Stem_descriptor_with_its_period()
    {
        var r = CliRunner.Run("descriptor", "decode", "--address", "sltib6sxkuxh2scmtuvd5w2g7pahnzkovefxpo4e4ptnkzl5kkq5h2ad", "--time-period", "17391",
            Desc("stem/hidden_service_v3"));
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Contains("revision counter:   42", r.Stdout);
        Assert.Contains("ipv4 1.2.3.4:9001", r.Stdout);
        Assert.Contains("single onion:       yes", r.Stdout);
    }

    [Fact]
    public void Bad_signature_line_is_rejected()
    {
        var r = CliRunner.Run("descriptor", "decode", "--address", Hsdesc2Address, Desc("tor/HS_DESC_BAD_SIG.txt"));
        Assert.Equal(3, r.ExitCode);
        Assert.Contains("malformed signature line", r.Stderr);
    }

    [Fact]
    public void Bad_address_is_a_usage_error()
    {
        var r = CliRunner.Run("descriptor", "decode", "--address", "nope.onion", Desc("arti/hsdesc2.txt"));
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("invalid onion address", r.Stderr);
    }

    [Fact]
    public void Client_key_for_another_address_is_refused()
    {
        using var tmp = new TempDir("ogc");
        File.WriteAllText(tmp["k.auth_private"], Hsdesc2AuthPrivate);
        var r = CliRunner.Run("descriptor", "decode", "--address", "sltib6sxkuxh2scmtuvd5w2g7pahnzkovefxpo4e4ptnkzl5kkq5h2ad", "--time-period", "17391",
            "--client-key", tmp["k.auth_private"], Desc("stem/hidden_service_v3"));
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("is for paozpd", r.Stderr);
        Assert.DoesNotContain("SDZNMD4RP4SCH4EYTTUZPFRZINNFWAOPPKZ6BINZAC7LREV24RBQ", r.Stderr);
    }

    [Fact]
    public void Fetch_without_a_control_port_fails_cleanly()
    {
        // A port on 127.0.0.1 with nothing listening.
        var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        var port = ((IPEndPoint)l.LocalEndpoint).Port;
        l.Stop();
        var r = CliRunner.Run("descriptor", "fetch", Hsdesc2Address, "--control", $"127.0.0.1:{port}", "--timeout", "5");
        Assert.Equal(5, r.ExitCode);
        Assert.Contains("control port", r.Stderr);
    }
}

/// <summary>`descriptor fetch` against a real tor that has no network (DisableNetwork 1): the control-port
/// conversation (authentication, SETEVENTS, HSFETCH) is real; the fetch itself cannot succeed, so the command
/// must end with a clear "no descriptor" error (exit 5) instead of hanging.</summary>
[Trait(TestCategory.Name, TestCategory.Network)]
public sealed class DescriptorFetchRealTorTests : IAsyncLifetime
{
    private readonly TempDir _dir = new("ogt");
    private TorProcess? _tor;
    private string? _controlPort;

    public async Task InitializeAsync()
    {
        Assert.True(ExternalProgram.Exists("tor"), "tor must be installed (CI installs it)");
        _tor = await TorProcess.StartAsync("fetch", _dir["data"], ["DisableNetwork 1"],
            new TorProcessOptions { ControlAuth = TorControlAuthMode.None });
        _controlPort = _tor.ControlEndpoint.ToString();
    }

    [Fact]
    public void Fetch_through_an_offline_tor_times_out_cleanly()
    {
        Assert.NotNull(_controlPort);
        var r = CliRunner.Run("descriptor", "fetch", "paozpdhgz2okvc6kgbxvh2bnfsmt4xergrtcl4obkhopyvwxkpjzvoad.onion", "--control", _controlPort!, "--timeout", "3");
        Assert.Equal(5, r.ExitCode);
        Assert.True(r.Stderr.Contains("no descriptor for paozpd") || r.Stderr.Contains("tor refused the fetch"), r.Stderr);
    }

    public async Task DisposeAsync()
    {
        if (_tor is not null) await _tor.DisposeAsync();
        _dir.Dispose();
    }
}
