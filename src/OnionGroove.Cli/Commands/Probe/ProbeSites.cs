using System.CommandLine;
using System.Security.Cryptography;
using System.Text;
using OnionGroove.Cli.Commands.Deploy;
using OnionGroove.Cli.Commands.Descriptor;
using OnionGroove.Cli.Commands.Vault;
using OnionGroove.Crypto;
using OnionGroove.Crypto.Keys;
using OnionGroove.Deploy.Plan;
using OnionGroove.Probe;
using OnionGroove.Vault;
using OnionGroove.Vault.Manifest;
using OnionGroove.Vault.Sealing;

namespace OnionGroove.Cli.Commands.Probe;

/// <summary>Which sites a probe looks at: the addresses on the command line, else the vault's sites
/// (those of <c>--env</c> when given), each with its client key when its descriptor needs one
/// (<c>--client-key FILE</c>, else the site's first client key decrypted from the vault).</summary>
internal static class ProbeSites
{
    public sealed record Selection(IReadOnlyList<ProbeTarget> Targets, IReadOnlyList<string> TorNetwork);

    public static Selection Resolve(ParseResult pr, ProbeOptions o)
    {
        var keys = ClientKeys(pr.GetValue(o.ClientKeys) ?? []);
        var addresses = pr.GetValue(o.Addresses) ?? [];
        if (addresses.Length > 0)
        {
            if (pr.GetValue(o.Sites) is { Length: > 0 }) throw new CliError(ExitCodes.Usage, "--site picks sites of the vault; give either addresses or --site");
            var targets = addresses.Select(DescriptorDecodeCommand.ParseAddress).Distinct()
                .Select(a => new ProbeTarget(a, a.ToString(), keys.GetValueOrDefault(a))).ToList();
            var env = EnvSettings(pr, o, required: false);
            return new Selection(targets, env?.TorNetwork ?? []);
        }
        try
        {
            var vault = VaultCli.Open(pr, o.Vault);
            var settings = EnvSettings(pr, o, required: false);
            IEnumerable<SiteEntry> sites = vault.Manifest.Sites;
            if (settings is { Sites.Count: > 0 }) sites = sites.Where(s => settings.Sites.ContainsKey(s.Name));
            if (pr.GetValue(o.Sites) is { Length: > 0 } wanted)
            {
                foreach (var w in wanted.Where(w => vault.Manifest.FindSite(w) is null))
                    throw new CliError(ExitCodes.Usage, $"no site named '{w}' in the vault", "list them with `oniongroove site list`");
                sites = sites.Where(s => wanted.Contains(s.Name));
            }
            IReadOnlyList<VaultIdentity>? identities = null;
            var list = new List<ProbeTarget>();
            foreach (var s in sites)
            {
                if (!OnionAddress.TryParse(s.Address, out var address, out var error))
                    throw new CliError(ExitCodes.BadInput, $"site {s.Name}: the manifest's address is invalid: {error}");
                var key = keys.GetValueOrDefault(address);
                if (key is null && s.Clients.Count > 0)
                    key = VaultClientKey(vault, s, identities ??= VaultCli.Identities(pr, o.Identity));
                list.Add(new ProbeTarget(address, s.Name, key));
            }
            if (list.Count == 0)
                throw new CliError(ExitCodes.Usage, "no sites to probe", "give onion addresses, or add sites to the vault with `oniongroove site add`");
            return new Selection(list, settings?.TorNetwork ?? []);
        }
        catch (VaultException e)
        {
            throw new CliError(VaultCli.ExitCodeOf(e.Kind), e.Message, [.. e.Hints, "or give the onion addresses to probe on the command line"]);
        }
    }

    /// <summary>The environment's settings when --env was given (its tor_network lines join the
    /// launched tor's torrc, its sites narrow the vault's).</summary>
    private static EnvironmentSettings? EnvSettings(ParseResult pr, ProbeOptions o, bool required)
    {
        if (pr.GetResult(o.Env) is null or { Implicit: true } && !required) return null;
        return DeployCli.ReadSettings(DeployCli.Environment(pr, o.Env, o.Inventories));
    }

    private static Dictionary<OnionAddress, ClientAuthSecretKey> ClientKeys(string[] files)
    {
        var keys = new Dictionary<OnionAddress, ClientAuthSecretKey>();
        foreach (var f in files)
        {
            if (!Crypto.Files.AuthPrivateFile.Read(f).TryGet(out var read, out var failure))
                throw new CliError(ExitCodes.BadInput, $"client key {f}: {failure.Message}",
                    "expected tor's .auth_private format: <address>:descriptor:x25519:<base32 key>");
            keys[read.Service] = read.Key;
        }
        return keys;
    }

    /// <summary>The site's first client key from the vault (any authorised client opens the descriptor).</summary>
    internal static ClientAuthSecretKey VaultClientKey(TeamVault vault, SiteEntry site, IReadOnlyList<VaultIdentity> identities)
    {
        var entry = vault.Manifest.AllSecrets().First(e => e.Site == site && e.Kind == SecretKind.ClientAuth);
        var bytes = vault.DecryptVerified(entry, identities);
        try
        {
            return ClientAuthSecretKey.TryParseAuthPrivateLine(Encoding.ASCII.GetString(bytes), out _, out var key, out var error) ? key
                : throw new CliError(ExitCodes.BadInput, $"{entry.Label}: {error}");
        }
        finally { CryptographicOperations.ZeroMemory(bytes); }
    }
}
