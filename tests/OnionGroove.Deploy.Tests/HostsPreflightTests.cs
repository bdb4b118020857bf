using OnionGroove.TestSupport;

namespace OnionGroove.Deploy.Tests;

/// <summary>scripts/hosts-preflight.sh, which HostsFixture runs first: a machine that cannot boot
/// the test hosts gets the reason, not an obscure failure halfway through.</summary>
public sealed class HostsPreflightTests
{
    private static readonly string Script = Path.Combine(Ansible.Root, "scripts", "hosts-preflight.sh");

    [Fact]
    public void Not_root_is_named_as_the_reason()
    {
        Assert.True(Environment.UserName == "root", "this test drops to another user and must run as root (CI does)");
        var r = ExternalProgram.Run("setpriv", ["--reuid=65534", "--regid=65534", "--clear-groups", Script]);
        Assert.Equal(1, r.ExitCode);
        Assert.StartsWith("not running as root: the host tests boot systemd-nspawn containers", r.Stdout);
    }

    [Fact]
    public void A_container_without_the_right_to_start_containers_is_named_as_the_reason()
    {
        Assert.True(Environment.UserName == "root", "this test drops capabilities and must run as root (CI does)");
        // As in an unprivileged container: root without CAP_SYS_ADMIN and CAP_NET_ADMIN.
        var r = ExternalProgram.Run("setpriv", ["--bounding-set=-sys_admin,-net_admin", Script]);
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("cannot create namespaces for containers", r.Stdout);
        Assert.Contains("cannot create veth network links", r.Stdout);
    }
}
