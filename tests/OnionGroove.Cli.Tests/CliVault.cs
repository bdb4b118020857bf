using System.Globalization;
using OnionGroove.TestSupport;

namespace OnionGroove.Cli.Tests;

/// <summary>A vault made by the CLI itself (`init` with one age member, then `site add` for each
/// site) in its own temporary folder, for the tests of the commands that read it; the folder goes
/// on dispose. <see cref="Tmp"/> holds the vault ("vault"), the member's key and whatever else the
/// test writes.</summary>
internal sealed class CliVault : IDisposable
{
    public CliVault(string prefix, string member, params (string Site, int Backends)[] sites)
    {
        Tmp = new TempDir(prefix);
        Member = TestKey.Age(Tmp.Path, member);
        VaultCliKit.Ok("init", Path, "--name", member, "--recipient", Member.Recipient);
        foreach (var (site, backends) in sites)
            VaultCliKit.Ok("site", "add", site, "--backends", backends.ToString(CultureInfo.InvariantCulture), "-C", Path);
    }

    public TempDir Tmp { get; }

    /// <summary>The vault's folder.</summary>
    public string Path => Tmp["vault"];

    /// <summary>The vault's one member (whose identity file opens every secret).</summary>
    public TestKey Member { get; }

    public void Dispose() => Tmp.Dispose();
}
