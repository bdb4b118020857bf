using OnionGroove.TestSupport;

namespace OnionGroove.Deploy.Tests;

/// <summary>Runs Ansible's own programs from the repository root (so ansible.cfg applies).</summary>
internal static class Ansible
{
    /// <summary>The checkout ($OG_REPO_ROOT when set: builds under OG_ARTIFACTS run from outside it).</summary>
    public static string Root => System.Environment.GetEnvironmentVariable("OG_REPO_ROOT") is { Length: > 0 } r ? r : SharedFiles.RepoRoot;

    public static Dictionary<string, string> Environment(string? localTemp = null)
    {
        var env = new Dictionary<string, string>
        {
            ["ANSIBLE_CONFIG"] = Path.Combine(Root, "ansible.cfg"),
            ["ANSIBLE_NOCOLOR"] = "1",
            ["ANSIBLE_FORCE_COLOR"] = "0",
            ["ANSIBLE_RETRY_FILES_ENABLED"] = "0",
            ["PY_COLORS"] = "0",
        };
        if (localTemp is not null) env["ANSIBLE_LOCAL_TEMP"] = localTemp;
        return env;
    }

    public static ExternalProgram.Result Run(string program, IEnumerable<string> args, TimeSpan timeout, string? localTemp = null)
    {
        Assert.True(ExternalProgram.Exists(program), $"{program} is not installed (scripts/setup.sh installs it)");
        return ExternalProgram.Run(program, args, workingDirectory: Root, timeout: timeout, env: Environment(localTemp));
    }

    /// <summary>PLAY RECAP counters per host, e.g. recap["be1"]["changed"].</summary>
    public static Dictionary<string, Dictionary<string, int>> Recap(string output)
    {
        var result = new Dictionary<string, Dictionary<string, int>>();
        var inRecap = false;
        foreach (var line in output.Split('\n'))
        {
            if (line.StartsWith("PLAY RECAP", StringComparison.Ordinal)) { inRecap = true; continue; }
            if (!inRecap || !line.Contains(" : ", StringComparison.Ordinal)) continue;
            var host = line[..line.IndexOf(" : ", StringComparison.Ordinal)].Trim();
            result[host] = line[(line.IndexOf(" : ", StringComparison.Ordinal) + 3)..]
                .Split(' ', StringSplitOptions.RemoveEmptyEntries)
                .Select(kv => kv.Split('='))
                .ToDictionary(kv => kv[0], kv => int.Parse(kv[1], System.Globalization.CultureInfo.InvariantCulture));
        }
        return result;
    }
}
