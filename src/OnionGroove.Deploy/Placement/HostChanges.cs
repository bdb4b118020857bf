using OnionGroove.Deploy.Plan;
using OnionGroove.Vault;

namespace OnionGroove.Deploy.Placement;

/// <summary>
/// `host add` and `host remove` as one change each. A host lives in two files with two owners:
/// its connection and role in <c>NAME.environment.yml</c> (per environment, edited by hand too),
/// and which backends it runs in the vault's manifest (backend <c>host</c>, shared by every
/// environment and team member, committed). Both stay where they are: the manifest's placement
/// is what render and every teammate read, and the settings file is what people edit. So each
/// command is one step over both: the vault's commit is computed first (its refusals change
/// nothing), the settings file is written next, and the commit made last; if the commit fails,
/// the settings file is put back. The settings write comes first because it can be undone
/// exactly from memory, and a git commit cannot without a second commit.
/// </summary>
public static class HostChanges
{
    /// <summary>What `host add` sets; null leaves the host's current value.</summary>
    public sealed record Connection(bool Frontend, string? Address, string? User, int? Port);

    /// <summary>The host's settings after the change, and the backends placed on it.</summary>
    public sealed record Added(HostSettings Host, IReadOnlyList<string> Placed);

    /// <summary>Adds or updates <paramref name="host"/> in <paramref name="settings"/> (read from
    /// <paramref name="layout"/>) and places the <paramref name="selectors"/>' backends on it in
    /// <paramref name="vault"/>, needed only when there are selectors.</summary>
    public static Added Add(EnvironmentLayout layout, EnvironmentSettings settings, string host, Connection connection,
        TeamVault? vault, IReadOnlyList<string> selectors)
    {
        var h = settings.Hosts.TryGetValue(host, out var existing) ? existing : new HostSettings();
        if (connection.Frontend) h.Frontend = true;
        h.Address = connection.Address ?? h.Address;
        h.User = connection.User ?? h.User;
        h.Port = connection.Port ?? h.Port;
        settings.Hosts[host] = h;
        if (selectors.Count == 0)
        {
            SettingsFileWrite.Write(layout, settings);
            return new Added(h, []);
        }
        var v = vault ?? throw new ArgumentNullException(nameof(vault), "placing backends needs the vault");
        return v.Exclusive(() =>
        {
            var planned = HostPlacement.PlanPlace(v.Manifest, host, selectors);
            Commit(v, planned.Change, SettingsFileWrite.Write(layout, settings));
            return new Added(h, planned.Backends);
        });
    }

    /// <summary>Takes the <paramref name="selectors"/>' backends off <paramref name="host"/>; with
    /// none, every backend, and the host leaves the settings file and the manifest too.</summary>
    /// <returns>Labels of the backends taken off.</returns>
    public static IReadOnlyList<string> Remove(EnvironmentLayout layout, EnvironmentSettings settings, string host, TeamVault vault,
        IReadOnlyList<string> selectors) =>
        vault.Exclusive(() =>
        {
            var planned = HostPlacement.PlanUnplace(vault.Manifest, host, selectors);
            var leaves = selectors.Count == 0 && settings.Hosts.Remove(host);
            Commit(vault, planned.Change, leaves ? SettingsFileWrite.Write(layout, settings) : null);
            return planned.Backends;
        });

    /// <summary>Whether <paramref name="host"/> is named anywhere: in the settings, as a manifest
    /// host, or on a backend.</summary>
    public static bool IsKnown(EnvironmentSettings settings, TeamVault vault, string host) =>
        settings.Hosts.ContainsKey(host) || vault.Manifest.Hosts.Any(h => h.Name == host)
        || vault.Manifest.Sites.Any(s => s.Backends.Any(b => b.Host == host));

    /// <summary>Makes the vault's commit after the settings write, undoing the write if the commit fails.</summary>
    private static void Commit(TeamVault vault, VaultChange? change, SettingsFileWrite? written)
    {
        if (change is null) return;
        try
        {
            vault.Apply(change);
        }
        catch
        {
            written?.Undo();
            throw;
        }
    }
}
