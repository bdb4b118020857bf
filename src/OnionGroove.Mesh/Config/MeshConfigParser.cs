using System.Globalization;
using OnionGroove.Core;
using OnionGroove.Core.Yaml;
using OnionGroove.Crypto;
using OnionGroove.Crypto.Keys;
using YamlDotNet.RepresentationModel;

namespace OnionGroove.Mesh.Config;

/// <summary>Reads a node's mesh.yml: every problem with its line, nothing thrown on bad input.
/// The rules that span entries (unique names and ports, an import's remote exists, what
/// <see cref="AnonymityMode"/> allows) are checked here too, so `mesh init` and every edit refuse
/// what `mesh agent run` would refuse later.</summary>
public static class MeshConfigParser
{
    /// <summary>A node of hundreds of clients is far below this.</summary>
    public const int MaxBytes = 1 << 20;

    public static Result<MeshConfig, IReadOnlyList<Problem>> LoadFile(string path)
    {
        if (!YamlFile.ReadText(path, MaxBytes).TryGet(out var text, out var unreadable))
            return Fail([new Problem(unreadable.Message, Source: path)]);
        return Parse(text, path);
    }

    public static Result<MeshConfig, IReadOnlyList<Problem>> Parse(string text, string source)
    {
        var p = new List<Problem>();
        void Add(YamlNode? n, string m) => p.Add(new Problem(m, n is null ? 0 : (int)n.Start.Line, Source: source));

        if (!YamlFile.Load(text).TryGet(out var node, out var yamlProblems))
            return Fail([.. yamlProblems.Select(y => y with { Source = source, Message = "not valid YAML: " + y.Message })]);
        if (node is null) return Fail([new Problem("the file is empty (see docs/mesh.md; `oniongroove mesh init` writes one)", Source: source)]);
        if (node is not YamlMappingNode root) return Fail([new Problem("the file must be a YAML mapping (see docs/mesh.md)", Source: source)]);

        OnionAddress? address = null;
        var anonymity = AnonymityMode.TorOnly;
        MeshTorSettings? tor = null;
        var exports = new List<MeshExport>();
        var clients = new List<MeshClient>();
        var remotes = new List<MeshRemote>();
        var imports = new List<MeshImport>();
        var sawVersion = false;

        foreach (var (k, v) in root.Children)
        {
            switch (Scalar(k))
            {
                case "version":
                    sawVersion = true;
                    if (Int(v, "version", 1, 1000, Add) is { } ver && ver != MeshConfig.Version)
                        Add(v, $"version {ver} is not supported (this oniongroove reads version {MeshConfig.Version})");
                    break;
                case "address":
                    if (Str(v, "address", Add) is { } a)
                    {
                        if (OnionAddress.TryParse(a, out var addr, out var err)) address = addr;
                        else Add(v, $"address '{Short(a)}' is not a v3 onion address: {err}");
                    }
                    break;
                case "anonymity":
                    switch (Str(v, "anonymity", Add))
                    {
                        case null: break;
                        case "tor-only": anonymity = AnonymityMode.TorOnly; break;
                        case "single-hop": anonymity = AnonymityMode.SingleHop; break;
                        case var other: Add(v, $"anonymity '{Short(other)}' must be tor-only or single-hop"); break;
                    }
                    break;
                case "tor": tor = ParseTor(v, Add); break;
                case "exports": Each(v, "exports", Add, e => { if (ParseExport(e, Add) is { } x) exports.Add(x); }); break;
                case "clients": Each(v, "clients", Add, e => { if (ParseClient(e, Add) is { } x) clients.Add(x); }); break;
                case "remotes": Each(v, "remotes", Add, e => { if (ParseRemote(e, Add) is { } x) remotes.Add(x); }); break;
                case "imports": Each(v, "imports", Add, e => { if (ParseImport(e, Add) is { } x) imports.Add(x); }); break;
                default: Add(k, $"unknown key '{Short(Scalar(k))}' (expected version, address, anonymity, tor, exports, clients, remotes, imports)"); break;
            }
        }
        if (!sawVersion) Add(null, $"'version' is missing (write version: {MeshConfig.Version})");
        if (address is null && !p.Any(x => x.Message.StartsWith("address", StringComparison.Ordinal))) Add(null, "'address' is missing");
        if (tor is null && !p.Any(x => x.Message.StartsWith("tor", StringComparison.Ordinal) || x.Message.StartsWith("'tor'", StringComparison.Ordinal)))
            Add(null, "'tor' is missing (tor: {executable: PATH} or tor: {control: ENDPOINT})");

        Duplicates(exports, e => e.Port.ToString(CultureInfo.InvariantCulture), e => e.Line, "export port", p, source);
        Duplicates(clients, c => c.Name, c => c.Line, "client name", p, source);
        Duplicates(clients, c => c.Key.ToBase32(), c => c.Line, "client key", p, source);
        Duplicates(remotes, r => r.Name, r => r.Line, "remote name", p, source);
        Duplicates(imports, i => i.Listen.ToString(), i => i.Line, "import listen address", p, source);
        var remoteNames = remotes.Select(r => r.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var i in imports.Where(i => !remoteNames.Contains(i.Remote)))
            p.Add(new Problem($"import of {i.Remote}:{i.Port} names an unknown remote '{i.Remote}'", i.Line, Source: source));

        if (tor is not null)
            foreach (var problem in MeshRules.Check(anonymity, tor, exports, remotes, imports))
                p.Add(problem with { Source = source });

        if (p.Count > 0) return Fail(p);
        return new MeshConfig(address!.Value, anonymity, tor!, exports, clients, remotes, imports);
    }

    private static MeshTorSettings? ParseTor(YamlNode node, Action<YamlNode?, string> add)
    {
        if (node is not YamlMappingNode m) { add(node, "'tor' must be a mapping"); return null; }
        string? exe = null, control = null, password = null, cookie = null;
        var lines = new List<string>();
        var ok = true;
        foreach (var (k, v) in m.Children)
        {
            switch (Scalar(k))
            {
                case "executable": exe = Str(v, "tor.executable", add); break;
                case "control":
                    control = Str(v, "tor.control", add);
                    if (control is not null && !Control.Transport.ControlEndpoint.Parse(control).TryGet(out _, out var bad)) { add(v, $"tor.control: {bad.Message}"); ok = false; }
                    break;
                case "password": password = Str(v, "tor.password", add); break;
                case "cookie_file": cookie = Str(v, "tor.cookie_file", add); break;
                case "torrc":
                    if (v is YamlSequenceNode s)
                        foreach (var l in s.Children)
                        {
                            if (Str(l, "a tor.torrc line", add) is not { } line) continue;
                            if (line.Any(char.IsControl)) { add(l, "a tor.torrc line holds a control character (one option a line)"); ok = false; }
                            else lines.Add(line);
                        }
                    else add(v, "'tor.torrc' must be a list of torrc lines");
                    break;
                default: add(k, $"unknown tor key '{Short(Scalar(k))}' (expected executable, control, password, cookie_file, torrc)"); ok = false; break;
            }
        }
        if ((exe is null) == (control is null)) { add(node, "tor needs exactly one of 'executable' (launch tor) or 'control' (attach to a running tor)"); return null; }
        if (exe is not null && (password is not null || cookie is not null)) { add(node, "tor.password and tor.cookie_file are for 'control' (a launched tor uses its own cookie)"); return null; }
        if (control is not null && lines.Count > 0) { add(node, "tor.torrc lines apply only to a launched tor ('executable')"); return null; }
        if (password is not null && cookie is not null) { add(node, "give tor.password or tor.cookie_file, not both"); return null; }
        return ok ? new MeshTorSettings(exe, control, password, cookie, lines) : null;
    }

    private static MeshExport? ParseExport(YamlNode node, Action<YamlNode?, string> add)
    {
        if (node is not YamlMappingNode m) { add(node, "each export must be a mapping with 'port' and 'target'"); return null; }
        int? port = null; HostPort? target = null; var pub = false; var ok = true;
        foreach (var (k, v) in m.Children)
        {
            switch (Scalar(k))
            {
                case "port": port = Int(v, "export port", 1, 65535, add); ok &= port is not null; break;
                case "target": target = Endpoint(v, "export target", add); ok &= target is not null; break;
                case "public": pub = Bool(v, "export public", add) ?? false; break;
                default: add(k, $"unknown export key '{Short(Scalar(k))}' (expected port, target, public)"); ok = false; break;
            }
        }
        if (port is null) { if (ok) add(node, "an export needs 'port'"); return null; }
        if (!ok) return null;
        return new MeshExport(port.Value, target ?? new HostPort(System.Net.IPAddress.Loopback, port.Value), pub, Line(node));
    }

    private static MeshClient? ParseClient(YamlNode node, Action<YamlNode?, string> add)
    {
        if (node is not YamlMappingNode m) { add(node, "each client must be a mapping with 'name' and 'key'"); return null; }
        string? name = null; ClientAuthPublicKey? key = null; var ok = true;
        foreach (var (k, v) in m.Children)
        {
            switch (Scalar(k))
            {
                case "name": name = Name(v, "client", add); ok &= name is not null; break;
                case "key":
                    if (Str(v, "client key", add) is { } text)
                    {
                        if (ClientAuthPublicKey.TryFromBase32(text, out var pk, out var err)) key = pk;
                        else { add(v, $"client key is not an x25519 public key in base32: {err}"); ok = false; }
                    }
                    else ok = false;
                    break;
                default: add(k, $"unknown client key '{Short(Scalar(k))}' (expected name, key)"); ok = false; break;
            }
        }
        if (ok && (name is null || key is null)) add(node, "a client needs 'name' and 'key'");
        return ok && name is not null && key is not null ? new MeshClient(name, key, Line(node)) : null;
    }

    private static MeshRemote? ParseRemote(YamlNode node, Action<YamlNode?, string> add)
    {
        if (node is not YamlMappingNode m) { add(node, "each remote must be a mapping with 'name' and 'address'"); return null; }
        string? name = null; OnionAddress? address = null; var ok = true;
        foreach (var (k, v) in m.Children)
        {
            switch (Scalar(k))
            {
                case "name": name = Name(v, "remote", add); ok &= name is not null; break;
                case "address":
                    if (Str(v, "remote address", add) is { } a && OnionAddress.TryParse(a, out var addr, out var err)) address = addr;
                    else { add(v, "remote address is not a v3 onion address"); ok = false; }
                    break;
                default: add(k, $"unknown remote key '{Short(Scalar(k))}' (expected name, address)"); ok = false; break;
            }
        }
        if (ok && (name is null || address is null)) add(node, "a remote needs 'name' and 'address'");
        return ok && name is not null && address is not null ? new MeshRemote(name, address.Value, Line(node)) : null;
    }

    private static MeshImport? ParseImport(YamlNode node, Action<YamlNode?, string> add)
    {
        if (node is not YamlMappingNode m) { add(node, "each import must be a mapping with 'remote', 'port' and 'listen'"); return null; }
        string? remote = null; int? port = null; HostPort? listen = null; var ok = true;
        foreach (var (k, v) in m.Children)
        {
            switch (Scalar(k))
            {
                case "remote": remote = Name(v, "import remote", add); ok &= remote is not null; break;
                case "port": port = Int(v, "import port", 1, 65535, add); ok &= port is not null; break;
                case "listen": listen = Endpoint(v, "import listen", add); ok &= listen is not null; break;
                default: add(k, $"unknown import key '{Short(Scalar(k))}' (expected remote, port, listen)"); ok = false; break;
            }
        }
        if (ok && (remote is null || port is null || listen is null)) add(node, "an import needs 'remote', 'port' and 'listen'");
        return ok && remote is not null && port is not null && listen is not null ? new MeshImport(remote, port.Value, listen, Line(node)) : null;
    }

    private static void Each(YamlNode v, string what, Action<YamlNode?, string> add, Action<YamlNode> each)
    {
        if (v is YamlScalarNode { Value: null or "" or "~" or "null" }) return; // an empty list written "key:"
        if (v is not YamlSequenceNode seq) { add(v, $"'{what}' must be a list"); return; }
        foreach (var e in seq.Children) each(e);
    }

    private static void Duplicates<T>(List<T> items, Func<T, string> key, Func<T, int> line, string what, List<Problem> p, string source)
    {
        foreach (var g in items.GroupBy(key, StringComparer.Ordinal).Where(g => g.Count() > 1))
            p.Add(new Problem($"{what} '{g.Key}' appears {g.Count()} times", line(g.Skip(1).First()), Source: source));
    }

    private static string? Name(YamlNode v, string what, Action<YamlNode?, string> add)
    {
        if (Str(v, what + " name", add) is not { } n) return null;
        if (MeshNames.Check(n, what) is { } err) { add(v, err); return null; }
        return n;
    }

    private static HostPort? Endpoint(YamlNode v, string what, Action<YamlNode?, string> add)
    {
        if (Str(v, what, add) is not { } s) return null;
        if (HostPort.Parse(s).TryGet(out var hp, out var err)) return hp;
        add(v, $"{what}: {err.Message}");
        return null;
    }

    private static string? Str(YamlNode v, string what, Action<YamlNode?, string> add)
    {
        if (v is YamlScalarNode { Value: { Length: > 0 } s }) return s;
        add(v, $"{what} must be a non-empty string");
        return null;
    }

    private static int? Int(YamlNode v, string what, int min, int max, Action<YamlNode?, string> add)
    {
        if (v is YamlScalarNode { Value: { } s } && int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= min && n <= max) return n;
        add(v, $"{what} must be a whole number {min}-{max}");
        return null;
    }

    private static bool? Bool(YamlNode v, string what, Action<YamlNode?, string> add)
    {
        if (v is YamlScalarNode { Value: "true" }) return true;
        if (v is YamlScalarNode { Value: "false" }) return false;
        add(v, $"{what} must be true or false");
        return null;
    }

    private static string Scalar(YamlNode n) => n is YamlScalarNode { Value: { } s } ? s : "";

    private static int Line(YamlNode n) => (int)n.Start.Line;

    private static string Short(string s) => s.Length > 40 ? s[..40] + "…" : new string(s.Select(c => char.IsControl(c) ? '?' : c).ToArray());

    private static Result<MeshConfig, IReadOnlyList<Problem>> Fail(IReadOnlyList<Problem> p) => Result<MeshConfig, IReadOnlyList<Problem>>.Failure(p);
}
