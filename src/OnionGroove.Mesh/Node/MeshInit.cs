using OnionGroove.Core;
using OnionGroove.Crypto.Files;
using OnionGroove.Crypto.Keys;
using OnionGroove.Mesh.Config;
using OnionGroove.Mesh.Tor;

namespace OnionGroove.Mesh.Node;

/// <summary>What `mesh init` was asked for.</summary>
public sealed record MeshInitRequest(string Directory, AnonymityMode Anonymity)
{
    /// <summary>Launch this tor (a path or a name on PATH).</summary>
    public string? TorExecutable { get; init; }
    /// <summary>Attach to this control endpoint (ADDRESS:PORT or unix:/path).</summary>
    public string? Control { get; init; }
    public string? ControlPassword { get; init; }
    public string? CookieFile { get; init; }
    /// <summary>Extra torrc lines for a launched tor.</summary>
    public IReadOnlyList<string> TorrcLines { get; init; } = [];
}

/// <summary>Why `mesh init` refused: the request itself, or tor (missing, refusing the
/// configuration, not answering) when <paramref name="Tor"/>.</summary>
public sealed record MeshInitFailure(Problem Problem, bool Tor = false)
{
    public override string ToString() => Problem.ToString();
}

/// <summary>The node made, and the tor it was checked against.</summary>
public sealed record MeshInitResult(MeshNode Node, string TorVersion);

/// <summary>Creates a node: checks everything a later start needs (tor, the configuration) before
/// anything is written, then allocates the onion key (its address is final from here on) and
/// writes key/ and mesh.yml. On any failure the directory is left as it was.</summary>
public static class MeshInit
{
    public static async Task<Result<MeshInitResult, MeshInitFailure>> RunAsync(MeshInitRequest request, CancellationToken ct)
    {
        var dir = Path.GetFullPath(request.Directory);
        if (File.Exists(Path.Combine(dir, MeshNode.ConfigFileName)) || Directory.Exists(Path.Combine(dir, MeshNode.KeyDirectoryName)))
            return Fail($"{dir} holds a mesh node already (its address never changes; to start over, remove the directory)");
        if (File.Exists(dir)) return Fail($"{dir} is a file, not a directory");
        if (request.TorExecutable is not null && request.Control is not null)
            return Fail("give --tor-executable (launch tor) or --control (attach to a running tor), not both");
        if (request.TorExecutable is not null && (request.ControlPassword is not null || request.CookieFile is not null))
            return Fail("--control-password and --cookie-file go with --control");
        if (request.Control is not null && request.TorrcLines.Count > 0)
            return Fail("--torrc lines apply only to a tor the node launches (--tor-executable)");
        if (request.ControlPassword is not null && request.CookieFile is not null)
            return Fail("give --control-password or --cookie-file, not both");
        if (request.CookieFile is { } cf && !File.Exists(cf))
            return Fail($"the cookie file {cf} does not exist");
        // The unix control socket of a launched tor lives in DIR/tor/: sockaddr_un holds 107 bytes.
        if (request.Control is null && Path.Combine(dir, MeshNode.TorDirectoryName, "control").Length > 107)
            return Fail($"{dir} is too deep: tor's control socket path in it would exceed 107 bytes (choose a shorter directory)");

        MeshTorSettings tor;
        string version;
        if (request.Control is { } control)
        {
            tor = new MeshTorSettings(null, control, request.ControlPassword,
                request.CookieFile is { } c ? Path.GetFullPath(c) : null, []);
            if (!Control.Transport.ControlEndpoint.Parse(control).TryGet(out _, out var bad)) return Fail($"--control: {bad.Message}");
            if (MeshRules.Check(request.Anonymity, tor, [], [], []).FirstOrDefault() is { } ruleProblem) return Fail(ruleProblem.Message);
            if (!(await TorCheck.VerifyAttachAsync(tor, request.Anonymity, ct).ConfigureAwait(false)).TryGet(out version!, out var refused)) return TorFail(refused.Message);
        }
        else
        {
            if (!TorCheck.Resolve(request.TorExecutable ?? "tor").TryGet(out var exe, out var missing)) return TorFail(missing.Message);
            tor = new MeshTorSettings(exe, null, null, null, request.TorrcLines);
            if (request.TorrcLines.FirstOrDefault(l => l.Any(char.IsControl)) is not null) return Fail("a --torrc line holds a control character");
            if (!(await TorCheck.VerifyLaunchAsync(exe, tor, request.Anonymity, ct).ConfigureAwait(false)).TryGet(out version!, out var refused)) return TorFail(refused.Message);
        }

        using var key = IdentitySecretKey.Generate();
        var config = new MeshConfig(key.Address, request.Anonymity, tor, [], [], [], []);
        MeshNode.CreatePrivateDirectory(dir);
        var keyDir = Path.Combine(dir, MeshNode.KeyDirectoryName);
        TorKeyFiles.WriteHiddenServiceDir(keyDir, key);
        if (!MeshNode.Write(dir, config).TryGet(out _, out var problems))
        {
            Directory.Delete(keyDir, recursive: true);
            return Fail(problems[0].Message);
        }
        if (!MeshNode.Open(dir).TryGet(out var node, out var openProblems)) return Fail(openProblems[0].Message);
        return new MeshInitResult(node, version);
    }

    private static Result<MeshInitResult, MeshInitFailure> Fail(string message) => new MeshInitFailure(new Problem(message));

    private static Result<MeshInitResult, MeshInitFailure> TorFail(string message) => new MeshInitFailure(new Problem(message), Tor: true);
}
