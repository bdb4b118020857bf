using OnionGroove.Deploy.Plan;
using OnionGroove.Vault.Manifest;

namespace OnionGroove.Deploy.Placement;

/// <summary>The hosts of an environment (from its settings) with the backends the vault places on each.</summary>
public static class HostList
{
    public sealed record Row(string Name, bool Frontend, string? Address, IReadOnlyList<string> Backends);

    public static IReadOnlyList<Row> Of(EnvironmentSettings settings, VaultManifest manifest) =>
        settings.Hosts.Select(h => new Row(h.Key, h.Value.Frontend, h.Value.Address,
            manifest.Sites.SelectMany(s => s.Backends.Where(b => b.Host == h.Key).Select(b => $"{s.Name}/{b.Name}")).ToList())).ToList();
}
