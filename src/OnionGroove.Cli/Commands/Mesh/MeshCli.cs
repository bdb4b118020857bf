using System.CommandLine;
using OnionGroove.Core;
using OnionGroove.Mesh.Node;

namespace OnionGroove.Cli.Commands.Mesh;

/// <summary>Options and plumbing shared by the mesh commands: the node directory, JSON output,
/// problems turned into one-line errors with exit codes.</summary>
internal static class MeshCli
{
    public static Option<string?> DirOption() => new("--dir", "-d")
    {
        Description = "The node directory (default: $OG_MESH_DIR, else ~/.config/oniongroove/mesh)",
        Recursive = true,
    };

    public static Option<bool> JsonOption() => new("--json") { Description = "Print machine-readable JSON ({\"version\":1,\"data\":…})" };

    public static string DirOf(ParseResult pr, Option<string?> dir) => Path.GetFullPath(pr.GetValue(dir) ?? MeshNode.DefaultDirectory());

    public static MeshNode Open(ParseResult pr, Option<string?> dir)
    {
        if (!MeshNode.Open(DirOf(pr, dir)).TryGet(out var node, out var problems)) throw Error(ExitCodes.BadInput, problems);
        return node;
    }

    public static TextWriter Out(ParseResult pr) => pr.InvocationConfiguration.Output;

    public static TextWriter Err(ParseResult pr) => pr.InvocationConfiguration.Error;

    /// <summary>The first problem as the message, the others as hints (every one is shown).</summary>
    public static CliError Error(int exitCode, IReadOnlyList<Problem> problems) =>
        new(exitCode, problems[0].ToString(), [.. problems.Skip(1).Select(p => p.ToString())]);

    /// <summary>The value, or a CliError with <paramref name="exitCode"/>.</summary>
    public static T Check<T>(Result<T, IReadOnlyList<Problem>> result, int exitCode = ExitCodes.Failure) =>
        result.TryGet(out var value, out var problems) ? value : throw Error(exitCode, problems);

    /// <summary>How to run this oniongroove from ssh or systemd: the installed binary, or `dotnet DLL` in a development tree.</summary>
    public static string SelfCommand()
    {
        var process = Environment.ProcessPath ?? "oniongroove";
        if (Path.GetFileNameWithoutExtension(process) != "dotnet") return process;
        var dll = typeof(MeshCli).Assembly.Location;
        return dll.Length > 0 ? $"{process} {dll}" : "oniongroove";
    }
}
