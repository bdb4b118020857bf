using System.Text;
using OnionGroove.Core;
using OnionGroove.Crypto;
using OnionGroove.Crypto.Files;
using OnionGroove.Crypto.Keys;
using OnionGroove.Mesh.Config;

namespace OnionGroove.Mesh.Node;

/// <summary>
/// A node's directory: <c>mesh.yml</c> (the configuration, 0600), <c>key/</c> (the onion
/// identity key as tor's HiddenServiceDir files, 0700/0600), <c>remotes/NAME.auth_private</c>
/// (each remote's client secret, 0600) and <c>tor/</c> (a launched tor's data directory).
/// Every edit reads the file, changes the value, checks the result with the same parser the agent
/// uses and writes it atomically: a refused edit changes nothing.
/// </summary>
public sealed class MeshNode
{
    public const string ConfigFileName = "mesh.yml";
    public const string KeyDirectoryName = "key";
    public const string RemotesDirectoryName = "remotes";
    public const string TorDirectoryName = "tor";

    public string Directory { get; }
    public MeshConfig Config { get; private set; }

    private MeshNode(string directory, MeshConfig config) { Directory = directory; Config = config; }

    public string ConfigPath => Path.Combine(Directory, ConfigFileName);
    public string KeyDirectory => Path.Combine(Directory, KeyDirectoryName);
    public string RemotesDirectory => Path.Combine(Directory, RemotesDirectoryName);
    public string TorDirectory => Path.Combine(Directory, TorDirectoryName);
    public string RemoteKeyPath(string name) => Path.Combine(RemotesDirectory, name + ".auth_private");

    /// <summary>The default node directory: $OG_MESH_DIR, else $XDG_CONFIG_HOME/oniongroove/mesh, else ~/.config/oniongroove/mesh.</summary>
    public static string DefaultDirectory()
    {
        if (Environment.GetEnvironmentVariable("OG_MESH_DIR") is { Length: > 0 } d) return Path.GetFullPath(d);
        var config = Environment.GetEnvironmentVariable("XDG_CONFIG_HOME") is { Length: > 0 } x ? x
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".config");
        return Path.Combine(config, "oniongroove", "mesh");
    }

    /// <summary>Opens a node: its configuration, checked against its key.</summary>
    public static Result<MeshNode, IReadOnlyList<Problem>> Open(string directory)
    {
        var dir = Path.GetFullPath(directory);
        var path = Path.Combine(dir, ConfigFileName);
        if (!File.Exists(path) && !System.IO.Directory.Exists(dir))
            return Problems(new Problem($"no mesh node in {dir} (create one with `oniongroove mesh init {dir}`)"));
        if (!File.Exists(path))
            return Problems(new Problem($"{path} is missing: {dir} is not a mesh node (create one with `oniongroove mesh init`)"));
        if (!MeshConfigParser.LoadFile(path).TryGet(out var config, out var problems)) return Result<MeshNode, IReadOnlyList<Problem>>.Failure(problems);
        return new MeshNode(dir, config);
    }

    /// <summary>The node's identity key, checked against the configured address.</summary>
    public Result<IdentitySecretKey, Problem> ReadKey()
    {
        if (!TorKeyFiles.ReadHiddenServiceDir(KeyDirectory).TryGet(out var key, out var problem))
            return new Problem($"the node's key in {KeyDirectory} cannot be read: {problem.Message}");
        if (key.Address != Config.Address)
        {
            var a = key.Address;
            key.Dispose();
            return new Problem($"the key in {KeyDirectory} is for {a}, but {ConfigFileName} says {Config.Address}");
        }
        return key;
    }

    /// <summary>A remote's client secret key.</summary>
    public Result<ClientAuthSecretKey, Problem> ReadRemoteKey(MeshRemote remote)
    {
        var path = RemoteKeyPath(remote.Name);
        if (!AuthPrivateFile.Read(path).TryGet(out var read, out var failure))
            return new Problem($"remote {remote.Name}: {failure.Message}");
        if (read.Service != remote.Address)
        {
            read.Key.Dispose();
            return new Problem($"remote {remote.Name}: {path} is for {read.Service}, not {remote.Address}");
        }
        return read.Key;
    }

    /// <summary>Applies <paramref name="change"/> to the configuration and writes it if the result
    /// is valid; nothing is written otherwise.</summary>
    public Result<MeshConfig, IReadOnlyList<Problem>> Update(Func<MeshConfig, Result<MeshConfig, Problem>> change)
    {
        // Re-read first: another command may have edited the file since this node was opened.
        if (!MeshConfigParser.LoadFile(ConfigPath).TryGet(out var current, out var problems)) return Result<MeshConfig, IReadOnlyList<Problem>>.Failure(problems);
        if (!change(current).TryGet(out var next, out var refused)) return Result<MeshConfig, IReadOnlyList<Problem>>.Failure([refused]);
        var written = Write(Directory, next);
        if (written.IsSuccess) Config = written.Value;
        return written;
    }

    /// <summary>Writes mesh.yml (0600, atomically) after checking that it reads back to a valid configuration.</summary>
    internal static Result<MeshConfig, IReadOnlyList<Problem>> Write(string directory, MeshConfig config)
    {
        var path = Path.Combine(directory, ConfigFileName);
        var text = MeshConfigWriter.Write(config);
        // Refused before writing: the problems are about the change, not about a line in the file.
        if (!MeshConfigParser.Parse(text, path).TryGet(out var parsed, out var problems))
            return Result<MeshConfig, IReadOnlyList<Problem>>.Failure([.. problems.Select(p => new Problem(p.Message))]);
        AtomicOutput.Write(path, s => s.Write(Encoding.UTF8.GetBytes(text)), sync: true);
        return parsed;
    }

    /// <summary>Writes a remote's .auth_private file (0600) in remotes/ (0700).</summary>
    internal void WriteRemoteKey(string name, OnionAddress address, ClientAuthSecretKey key)
    {
        CreatePrivateDirectory(RemotesDirectory);
        var line = key.ExportAuthPrivateLine(address) + "\n";
        AtomicOutput.Write(RemoteKeyPath(name), s => s.Write(Encoding.ASCII.GetBytes(line)), sync: true);
    }

    internal static void CreatePrivateDirectory(string path)
    {
        System.IO.Directory.CreateDirectory(path);
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    private static Result<MeshNode, IReadOnlyList<Problem>> Problems(Problem p) => Result<MeshNode, IReadOnlyList<Problem>>.Failure([p]);
}
