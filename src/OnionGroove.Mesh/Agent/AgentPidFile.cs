namespace OnionGroove.Mesh.Agent;

/// <summary>agent.pid in the node directory: which process runs the agent, for `mesh status`.</summary>
public static class AgentPidFile
{
    public const string FileName = "agent.pid";

    internal static void Write(string nodeDirectory) =>
        File.WriteAllText(Path.Combine(nodeDirectory, FileName), Environment.ProcessId + "\n");

    internal static void Remove(string nodeDirectory)
    {
        try
        {
            var path = Path.Combine(nodeDirectory, FileName);
            if (File.Exists(path) && File.ReadAllText(path).Trim() == Environment.ProcessId.ToString()) File.Delete(path);
        }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }

    /// <summary>The agent's pid while that process exists.</summary>
    public static int? Running(string nodeDirectory)
    {
        try
        {
            var text = File.ReadAllText(Path.Combine(nodeDirectory, FileName)).Trim();
            return int.TryParse(text, out var pid) && pid > 0 && Directory.Exists($"/proc/{pid}") ? pid : null;
        }
        catch (IOException) { return null; }
        catch (UnauthorizedAccessException) { return null; }
    }
}
