using System.CommandLine;
using OnionGroove.Cli.Commands.Deploy;
using OnionGroove.Cli.Commands.Vault;

namespace OnionGroove.Cli.Commands;

/// <summary>Deployment nouns: render (inventories, keys for Ansible) and host (placement); see docs/deployment.md.</summary>
public static class DeployCommands
{
    public static IEnumerable<Command> Create()
    {
        var renderVault = VaultCli.VaultOption();
        var renderIdentity = VaultCli.IdentityOption();
        var render = RenderCommand.Create(renderVault, renderIdentity);
        render.Options.Add(renderVault);
        render.Options.Add(renderIdentity);
        yield return render;

        var hostVault = VaultCli.VaultOption();
        var host = HostCommand.Create(hostVault);
        host.Options.Add(hostVault);
        yield return host;
    }
}
