namespace OnionGroove.Demo;

/// <summary>What the benchmark reads about a balancer process from /proc (proc(5)).</summary>
internal static class ProcessStats
{
    /// <summary>Resident set size in KiB (VmRSS), or 0 when the process is gone.</summary>
    public static long RssKb(int pid)
    {
        try
        {
            var line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
            return line is null ? 0 : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]);
        }
        catch (IOException) { return 0; }
    }

    /// <summary>utime + stime of the process (and its reaped children) from /proc, in seconds.</summary>
    public static double CpuSeconds(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var f = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            // Fields after the command: state=0 … utime=11, stime=12, cutime=13, cstime=14 (proc(5) numbering − 3).
            var ticks = long.Parse(f[11]) + long.Parse(f[12]) + long.Parse(f[13]) + long.Parse(f[14]);
            return ticks / 100.0;
        }
        catch (IOException) { return double.NaN; }
    }
}
