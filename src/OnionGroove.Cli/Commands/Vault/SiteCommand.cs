using System.CommandLine;
using OnionGroove.Crypto;
using OnionGroove.Vault;
using OnionGroove.Vault.Manifest;
using OnionGroove.Vault.Operations;
using OnionGroove.Crypto.Files;

namespace OnionGroove.Cli.Commands.Vault;

/// <summary>`oniongroove site add | import | list | show | remove`.</summary>
internal static class SiteCommand
{
    public static Command Create(Option<string?> vault)
    {
        var site = new Command("site", "Onion sites in the vault: a frontend (public) key and its backend keys");
        site.Subcommands.Add(Add(vault));
        site.Subcommands.Add(Import(vault));
        site.Subcommands.Add(List(vault));
        site.Subcommands.Add(Show(vault));
        site.Subcommands.Add(Remove(vault));
        site.Subcommands.Add(SiteCertifyCommand.Create(vault));
        return site;
    }

    private static Option<int> BackendsOption() => new("--backends", "-n") { Description = "Number of backend keys to create", DefaultValueFactory = _ => 2 };

    private static Command Add(Option<string?> vault)
    {
        var name = new Argument<string>("NAME") { Description = "Site name (lowercase letters, digits, '-', '_')" };
        var backends = BackendsOption();
        var prefix = new Option<string?>("--prefix") { Description = "Search for a frontend address starting with this base32 prefix (vanity; slow beyond ~6 characters); with --offset, the prefix that search was for" };
        var splitKey = new Option<bool>("--split-key") { Description = "Make the frontend key the base of a split-key search run elsewhere (keygen --from ADDRESS --prefix P); the site waits for its --offset" };
        var offset = new Option<string?>("--offset") { Description = "Apply the offset a `keygen --from` search printed to the frontend key of the waiting site NAME (needs --prefix)" };
        var expect = new Option<string?>("--expect") { Description = "With --offset: the address the search printed next to it; anything else is refused" };
        var identity = VaultCli.IdentityOption();
        var cmd = new Command("add", "Create a site: a new frontend key and N backend keys, sealed to the team (one commit); or, with --offset, give a --split-key site its vanity key")
            { name, backends, prefix, splitKey, offset, expect, identity };
        cmd.SetAction(VaultCli.Action((pr, ct) =>
        {
            var v = VaultCli.Open(pr, vault);
            if (pr.GetValue(offset) is { } off)
            {
                if (pr.GetValue(splitKey)) throw new CliError(ExitCodes.Usage, "--split-key starts a split-key search; --offset finishes one: give one of them");
                return ApplyOffset(pr, v, pr.GetValue(name)!, pr.GetValue(prefix), off, pr.GetValue(expect), () => VaultCli.Identities(pr, identity));
            }
            if (pr.GetValue(expect) is not null) throw new CliError(ExitCodes.Usage, "--expect goes with --offset");
            var s = SiteOperations.Add(v, pr.GetValue(name)!, pr.GetValue(backends), pr.GetValue(prefix), pr.GetValue(splitKey), ct);
            PrintSite(pr, s);
            if (s.SplitKeyPending == true)
            {
                var e = VaultCli.Err(pr);
                e.WriteLine($"oniongroove: the site waits for a vanity key; on any machine (it needs only the public address): oniongroove keygen --from {s.Address} --prefix P");
                e.WriteLine($"oniongroove: then here: oniongroove site add {s.Name} --prefix P --offset OFFSET --expect ADDRESS");
            }
            return ExitCodes.Ok;
        }));
        return cmd;
    }

    private static int ApplyOffset(ParseResult pr, TeamVault v, string name, string? prefix, string offset, string? expect, Func<IReadOnlyList<OnionGroove.Vault.Sealing.VaultIdentity>> identities)
    {
        if (string.IsNullOrEmpty(prefix)) throw new CliError(ExitCodes.Usage, "--offset needs --prefix: the prefix the search was for");
        var s = SplitKeyOperations.ApplyOffset(v, name, prefix, offset, expect, identities);
        PrintSite(pr, s);
        return ExitCodes.Ok;
    }

    private static Command Import(Option<string?> vault)
    {
        var name = new Argument<string>("NAME") { Description = "Site name" };
        var hsDir = new Option<string?>("--hidden-service-dir") { Description = "A tor HiddenServiceDir holding hs_ed25519_secret_key" };
        var obKey = new Option<string?>("--onionbalance-key") { Description = "An Onionbalance v3 frontend key file (PEM)" };
        var backends = BackendsOption();
        var cmd = new Command("import", "Bring an existing onion address into the vault (new backend keys are created)") { name, hsDir, obKey, backends };
        cmd.SetAction(VaultCli.Action(pr =>
        {
            var dir = pr.GetValue(hsDir);
            var pem = pr.GetValue(obKey);
            if ((dir is null) == (pem is null)) throw new CliError(ExitCodes.Usage, "give exactly one of --hidden-service-dir DIR or --onionbalance-key FILE");
            var v = VaultCli.Open(pr, vault);
            var read = dir is not null ? TorKeyFiles.ReadSecretKey(Path.Combine(dir, "hs_ed25519_secret_key")) : TorKeyFiles.ReadOnionbalanceKey(pem!);
            if (!read.IsSuccess) throw new CliError(ExitCodes.BadInput, $"cannot read the key in {dir ?? pem}: {read.Error}");
            using var key = read.Value;
            var s = SiteOperations.Import(v, pr.GetValue(name)!, key, pr.GetValue(backends), dir is not null ? "a HiddenServiceDir" : "an Onionbalance key");
            PrintSite(pr, s);
            VaultCli.Err(pr).WriteLine($"oniongroove: note: the key is now in the vault; delete the plaintext copy at {dir ?? pem} once tor runs from deployed keys");
            return ExitCodes.Ok;
        }));
        return cmd;
    }

    private static Command List(Option<string?> vault)
    {
        var json = VaultCli.JsonOption();
        var cmd = new Command("list", "List sites with their addresses and backend counts") { json };
        cmd.SetAction(VaultCli.Action(pr =>
        {
            var v = VaultCli.Open(pr, vault);
            if (pr.GetValue(json))
            {
                VaultCli.WriteJson(pr, v.Sites.Select(s => new { name = s.Name, address = s.Address, backends = s.Backends.Count, clients = s.Clients.Count }).ToList());
                return ExitCodes.Ok;
            }
            var o = VaultCli.Out(pr);
            if (v.Sites.Count == 0) o.WriteLine("no sites yet (oniongroove site add NAME --backends N)");
            foreach (var s in v.Sites) o.WriteLine($"{s.Name,-20} {s.Address}  {s.Backends.Count} backend(s)");
            return ExitCodes.Ok;
        }));
        return cmd;
    }

    private static Command Show(Option<string?> vault)
    {
        var name = new Argument<string>("NAME") { Description = "Site name" };
        var json = VaultCli.JsonOption();
        var cmd = new Command("show", "Show a site: addresses, secret files and who each is sealed to") { name, json };
        cmd.SetAction(VaultCli.Action(pr =>
        {
            var v = VaultCli.Open(pr, vault);
            var s = v.RequireSite(pr.GetValue(name)!);
            if (pr.GetValue(json)) VaultCli.WriteJson(pr, ToJson(s));
            else PrintSite(pr, s);
            return ExitCodes.Ok;
        }));
        return cmd;
    }

    private static Command Remove(Option<string?> vault)
    {
        var name = new Argument<string>("NAME") { Description = "Site name" };
        var cmd = new Command("remove", "Remove a site and its secrets from the vault (git history keeps the old ciphertexts)") { name };
        cmd.SetAction(VaultCli.Action(pr =>
        {
            var v = VaultCli.Open(pr, vault);
            var s = v.RequireSite(pr.GetValue(name)!);
            SiteOperations.Remove(v, s.Name);
            VaultCli.Out(pr).WriteLine($"removed site {s.Name} ({s.Address})");
            return ExitCodes.Ok;
        }));
        return cmd;
    }

    internal static object ToJson(SiteEntry s) => new
    {
        name = s.Name,
        address = s.Address,
        split_key_pending = s.SplitKeyPending == true,
        frontend = new { path = s.Frontend.Path, sealed_to = s.Frontend.SealedTo },
        backends = s.Backends.Select(b => new { name = b.Name, address = b.Address, host = b.Host, path = b.Secret.Path, sealed_to = b.Secret.SealedTo }).ToList(),
        clients = s.Clients.Select(c => new { name = c.Name, public_key = c.PublicKey, path = c.Secret.Path, sealed_to = c.Secret.SealedTo }).ToList(),
    };

    internal static void PrintSite(ParseResult pr, SiteEntry s)
    {
        var o = VaultCli.Out(pr);
        o.WriteLine($"site {s.Name}: {s.Address}{(s.SplitKeyPending == true ? "  (split-key base: waiting for site add --offset; do not deploy yet)" : "")}");
        o.WriteLine($"  frontend   {s.Frontend.Path}  sealed to: {string.Join(", ", s.Frontend.SealedTo)}");
        foreach (var b in s.Backends)
            o.WriteLine($"  backend {b.Name,-4} {b.Address}{(b.Host is null ? "" : $" on {b.Host}")}  sealed to: {string.Join(", ", b.Secret.SealedTo)}");
        foreach (var c in s.Clients)
            o.WriteLine($"  client {c.Name,-5} {c.Secret.Path}  sealed to: {string.Join(", ", c.Secret.SealedTo)}");
    }
}
