using System.CommandLine;
using OnionGroove.Vault;
using OnionGroove.Vault.Git;
using OnionGroove.Vault.Manifest;

namespace OnionGroove.Cli.Commands.Vault;

/// <summary>`oniongroove init [DIR] [--remote URL] [--name NAME --recipient R]`.</summary>
internal static class InitCommand
{
    public static Command Create()
    {
        var dir = new Argument<string>("DIR") { Description = "Folder to create the vault in (empty or absent)", Arity = ArgumentArity.ZeroOrOne, DefaultValueFactory = _ => "." };
        var remote = new Option<string?>("--remote") { Description = "git URL of the shared vault repository (added as 'origin'; `sync` pushes there)" };
        var name = new Option<string?>("--name") { Description = "Your member name (with --recipient: you become the first member)" };
        var recipient = new Option<string?>("--recipient") { Description = "Your age recipient (age1…) or ssh-ed25519 public key line" };
        var cmd = new Command("init", "Create a team key vault: a git repository with a manifest and an encrypted secrets tree") { dir, remote, name, recipient };
        cmd.SetAction(VaultCli.Action(pr =>
        {
            var n = pr.GetValue(name);
            var r = pr.GetValue(recipient);
            if ((n is null) != (r is null)) throw new CliError(ExitCodes.Usage, "--name and --recipient go together");
            var member = n is null ? null : new TeamMember { Name = n, Recipient = r!.Trim() };
            var vault = TeamVault.Init(pr.GetValue(dir)!, member, pr.GetValue(remote));
            var o = VaultCli.Out(pr);
            o.WriteLine($"created vault in {vault.Root}");
            if (vault.Git.UsesFallbackAuthor)
                VaultCli.Err(pr).WriteLine($"oniongroove: note: git has no user.name/user.email here, so vault commits are made as " +
                    $"'{GitAuthor.FallbackName} <{GitAuthor.FallbackEmail}>'; to have them show who you are, run: " +
                    "git config --global user.name \"Your Name\" && git config --global user.email you@example.org");
            if (member is null) o.WriteLine("next: oniongroove team add NAME RECIPIENT   (add yourself first)");
            else o.WriteLine("next: oniongroove site add NAME --backends N");
            if (pr.GetValue(remote) is { } url) o.WriteLine($"then: oniongroove sync   (publishes the vault to {url})");
            return ExitCodes.Ok;
        }));
        return cmd;
    }
}
