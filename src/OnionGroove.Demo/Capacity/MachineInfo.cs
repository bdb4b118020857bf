using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;

namespace OnionGroove.Demo.Capacity;

/// <summary>The machine a capacity figure was measured on (a figure means little without it): CPU
/// model and count, memory, OS, tor's version, and the load average before and after the run (the
/// machine may be shared, which is why the scenarios report CPU-seconds and not only wall time).</summary>
public sealed record MachineInfo(string Cpu, int Cores, long MemoryMiB, string Os, string TorVersion, string StartedUtc,
    double LoadBefore, double LoadAfter)
{
    public string Summary =>
        $"{Cores} × {Cpu}, {MemoryMiB / 1024.0:0.#} GiB, {Os}, {TorVersion}, started {StartedUtc}, load average {LoadBefore:0.0} → {LoadAfter:0.0}";

    /// <summary>Reads the machine now; <see cref="LoadAfter"/> is filled by <see cref="Finished"/>.</summary>
    public static MachineInfo Read(string torPath = "tor")
    {
        string Field(string file, string key) =>
            File.Exists(file) ? File.ReadLines(file).FirstOrDefault(l => l.StartsWith(key, StringComparison.Ordinal))?[key.Length..].Trim(' ', '\t', ':', '"') ?? "?" : "?";
        var mem = Field("/proc/meminfo", "MemTotal").Split(' ')[0];
        return new MachineInfo(Field("/proc/cpuinfo", "model name"), Environment.ProcessorCount,
            long.TryParse(mem, out var kb) ? kb / 1024 : 0, Field("/etc/os-release", "PRETTY_NAME="), ReadTorVersion(torPath),
            DateTimeOffset.UtcNow.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture), LoadAverage(), double.NaN);
    }

    public MachineInfo Finished() => this with { LoadAfter = LoadAverage() };

    /// <summary>The one-minute load average (/proc/loadavg), NaN where there is none.</summary>
    public static double LoadAverage()
    {
        try
        {
            var first = File.ReadAllText("/proc/loadavg").Split(' ')[0];
            return double.Parse(first, CultureInfo.InvariantCulture);
        }
        catch (IOException) { return double.NaN; }
    }

    private static string ReadTorVersion(string torPath)
    {
        try
        {
            var psi = new ProcessStartInfo(torPath, "--version") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            using var p = Process.Start(psi);
            if (p is null) return "tor ?";
            var first = p.StandardOutput.ReadLine() ?? "";
            p.WaitForExit(10_000);
            // "Tor version 0.4.9.x." → "tor 0.4.9.x"
            return first.StartsWith("Tor version ", StringComparison.Ordinal) ? "tor " + first[12..].TrimEnd('.') : first;
        }
        catch (System.ComponentModel.Win32Exception) { return "tor not found"; }
    }

    internal JsonObject ToJson() => new()
    {
        ["cpu"] = Cpu, ["cores"] = Cores, ["memory_mib"] = MemoryMiB, ["os"] = Os, ["tor"] = TorVersion,
        ["started_utc"] = StartedUtc,
        ["load_before"] = double.IsFinite(LoadBefore) ? LoadBefore : null,
        ["load_after"] = double.IsFinite(LoadAfter) ? LoadAfter : null,
    };

    internal static MachineInfo FromJson(JsonObject o) => new(
        o["cpu"]!.GetValue<string>(), o["cores"]!.GetValue<int>(), o["memory_mib"]!.GetValue<long>(), o["os"]!.GetValue<string>(),
        o["tor"]!.GetValue<string>(), o["started_utc"]!.GetValue<string>(),
        o["load_before"]?.GetValue<double>() ?? double.NaN, o["load_after"]?.GetValue<double>() ?? double.NaN);
}
