using OnionGroove.Crypto;
using OnionGroove.Descriptors.Offline;
using OnionGroove.TestSupport;
using OnionGroove.Crypto.Keys;

namespace OnionGroove.Descriptors.Tests;

/// <summary>Reading a signing bundle from disk: the bundle, or one problem naming the file.</summary>
public sealed class SigningBundleFileTests : IDisposable
{
    private readonly TempDir _dir = new("ogsb");

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void A_written_bundle_reads_back()
    {
        using var id = IdentitySecretKey.Generate();
        var now = DateTimeOffset.UtcNow;
        using var issued = SigningBundleIssuer.Issue(id, TimePeriod.FromTime(now), 3, now);
        File.WriteAllBytes(_dir["a.signing-bundle"], SigningBundleFormat.Write(issued));
        var read = SigningBundleFile.Read(_dir["a.signing-bundle"]);
        Assert.True(read.IsSuccess, read.Error?.ToString());
        using var bundle = read.Value;
        Assert.Equal(id.Address, bundle.Address);
        Assert.Equal(3, bundle.Periods.Count);
    }

    [Fact]
    public void A_missing_file_cannot_be_read()
    {
        var problem = SigningBundleFile.Read(_dir["none"]).Error!;
        Assert.StartsWith($"cannot read {_dir["none"]}: ", problem.ToString());
    }

    [Fact]
    public void A_damaged_file_is_invalid_and_named()
    {
        File.WriteAllText(_dir["bad"], "not a bundle\n");
        var problem = SigningBundleFile.Read(_dir["bad"]).Error!;
        Assert.Equal(_dir["bad"], problem.Source);
        Assert.StartsWith($"{_dir["bad"]}: invalid ", problem.ToString());
    }

    [Fact]
    public void A_fifo_is_refused_without_blocking()
    {
        var fifo = _dir["fifo"];
        var r = ExternalProgram.Run("mkfifo", [fifo]);
        Assert.Equal(0, r.ExitCode);
        Assert.StartsWith($"cannot read {fifo}: ", SigningBundleFile.Read(fifo).Error!.ToString());
    }
}
