using System.Net.Sockets;
using OnionGroove.Core;
using OnionGroove.Crypto.Keys;
using OnionGroove.Mesh.Config;

namespace OnionGroove.Mesh.Node;

/// <summary>The edits behind `mesh export|client|remote|import add|remove`. Each refuses what
/// would be wrong (a duplicate, an unknown name, a port in use) with a problem and leaves the
/// node unchanged.</summary>
public static class MeshEdits
{
    public static Result<MeshExport, IReadOnlyList<Problem>> AddExport(MeshNode node, int port, HostPort? target, bool isPublic)
    {
        var export = new MeshExport(port, target ?? new HostPort(System.Net.IPAddress.Loopback, port), isPublic);
        return node.Update(c =>
        {
            if (c.Exports.Any(e => e.Port == port)) return new Problem($"port {port} is already exported (remove it first: oniongroove mesh export remove {port})");
            return c with { Exports = [.. c.Exports, export] };
        }).Map(_ => export);
    }

    public static Result<MeshConfig, IReadOnlyList<Problem>> RemoveExport(MeshNode node, int port) =>
        node.Update(c => c.Exports.Any(e => e.Port == port)
            ? c with { Exports = [.. c.Exports.Where(e => e.Port != port)] }
            : new Problem($"port {port} is not exported (see oniongroove mesh export list)"));

    /// <summary>Makes a new client key, keeps its public half and returns the token with the secret
    /// (the node keeps no copy of it). Dispose the token.</summary>
    public static Result<MeshToken, IReadOnlyList<Problem>> AddClient(MeshNode node, string name)
    {
        if (MeshNames.Check(name, "client") is { } bad) return Fail<MeshToken>(bad);
        var key = ClientAuthSecretKey.Generate();
        var updated = node.Update(c =>
        {
            if (c.Clients.Any(x => x.Name == name)) return new Problem($"client '{name}' exists already (remove it first to give it a new key)");
            return c with { Clients = [.. c.Clients, new MeshClient(name, key.PublicKey)] };
        });
        if (!updated.TryGet(out var config, out var problems)) { key.Dispose(); return Result<MeshToken, IReadOnlyList<Problem>>.Failure(problems); }
        return new MeshToken(config.Address, key);
    }

    public static Result<MeshConfig, IReadOnlyList<Problem>> RemoveClient(MeshNode node, string name) =>
        node.Update(c => c.Clients.Any(x => x.Name == name)
            ? c with { Clients = [.. c.Clients.Where(x => x.Name != name)] }
            : new Problem($"no client '{Printable(name)}' (see oniongroove mesh client list)"));

    /// <summary>Adds a remote from its token: the address goes into mesh.yml, the client secret into
    /// remotes/NAME.auth_private (0600).</summary>
    public static Result<MeshRemote, IReadOnlyList<Problem>> AddRemote(MeshNode node, string name, string tokenText)
    {
        if (MeshNames.Check(name, "remote") is { } bad) return Fail<MeshRemote>(bad);
        if (!MeshToken.Parse(tokenText).TryGet(out var token, out var tokenProblem)) return Fail<MeshRemote>("the token is not usable: " + tokenProblem.Message);
        using (token)
        {
            var remote = new MeshRemote(name, token.Node);
            var c = node.Config;
            if (token.Node == c.Address) return Fail<MeshRemote>("this token is for this node itself; add it on the machine it was made for");
            if (c.Remotes.Any(r => r.Name == name)) return Fail<MeshRemote>($"remote '{name}' exists already (remove it first: oniongroove mesh remote remove {name})");
            if (c.Remotes.FirstOrDefault(r => r.Address == token.Node) is { } same) return Fail<MeshRemote>($"remote '{same.Name}' is that node already");
            if (c.Anonymity == AnonymityMode.SingleHop) return Fail<MeshRemote>("a single-hop node cannot have remotes: tor in non-anonymous mode is not a client");
            // The key first: a remote in mesh.yml always has its key file.
            node.WriteRemoteKey(name, token.Node, token.Key);
            var updated = node.Update(cfg => cfg.Remotes.Any(r => r.Name == name)
                ? new Problem($"remote '{name}' exists already")
                : cfg with { Remotes = [.. cfg.Remotes, remote] });
            if (!updated.IsSuccess) TryDelete(node.RemoteKeyPath(name));
            return updated.Map(_ => remote);
        }
    }

    public static Result<MeshConfig, IReadOnlyList<Problem>> RemoveRemote(MeshNode node, string name)
    {
        var updated = node.Update(c =>
        {
            if (!c.Remotes.Any(r => r.Name == name)) return new Problem($"no remote '{Printable(name)}' (see oniongroove mesh remote list)");
            var used = c.Imports.Where(i => i.Remote == name).ToList();
            if (used.Count > 0)
                return new Problem($"remote '{name}' has imports ({string.Join(", ", used.Select(i => $"{i.Port} on {i.Listen}"))}); remove them first: oniongroove mesh import remove {name} {used[0].Port}");
            return c with { Remotes = [.. c.Remotes.Where(r => r.Name != name)] };
        });
        if (updated.IsSuccess) TryDelete(node.RemoteKeyPath(name));
        return updated;
    }

    /// <summary>Adds a local forward; the listen address must be free now (it is bound and
    /// released again to find out).</summary>
    public static Result<MeshImport, IReadOnlyList<Problem>> AddImport(MeshNode node, string remote, int port, HostPort listen)
    {
        var import = new MeshImport(remote, port, listen);
        var c = node.Config;
        if (!c.Remotes.Any(r => r.Name == remote)) return Fail<MeshImport>($"no remote '{Printable(remote)}' (add it first: oniongroove mesh remote add {Printable(remote)} TOKEN)");
        if (c.Imports.Any(i => i.Remote == remote && i.Port == port)) return Fail<MeshImport>($"{remote}:{port} is imported already");
        if (c.Imports.Any(i => i.Listen == listen)) return Fail<MeshImport>($"{listen} is used by another import already");
        if (PortInUse(listen) is { } inUse) return Fail<MeshImport>($"cannot listen on {listen}: {inUse}");
        return node.Update(cfg => cfg with { Imports = [.. cfg.Imports, import] }).Map(_ => import);
    }

    public static Result<MeshConfig, IReadOnlyList<Problem>> RemoveImport(MeshNode node, string remote, int port) =>
        node.Update(c => c.Imports.Any(i => i.Remote == remote && i.Port == port)
            ? c with { Imports = [.. c.Imports.Where(i => !(i.Remote == remote && i.Port == port))] }
            : new Problem($"{Printable(remote)}:{port} is not imported (see oniongroove mesh import list)"));

    /// <summary>Null when <paramref name="listen"/> can be bound now, else why not.</summary>
    internal static string? PortInUse(HostPort listen)
    {
        try
        {
            using var s = new Socket(listen.Address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
            s.Bind(listen.EndPoint);
            return null;
        }
        catch (SocketException e) { return e.SocketErrorCode == SocketError.AddressAlreadyInUse ? "the port is in use" : e.Message; }
    }

    private static void TryDelete(string path)
    {
        try { File.Delete(path); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    private static string Printable(string s) => new(s.Select(ch => char.IsControl(ch) ? '?' : ch).Take(40).ToArray());

    private static Result<T, IReadOnlyList<Problem>> Fail<T>(string message) => Result<T, IReadOnlyList<Problem>>.Failure([new Problem(message)]);
}
