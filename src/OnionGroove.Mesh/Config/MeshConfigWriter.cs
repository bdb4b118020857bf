using System.Text;

namespace OnionGroove.Mesh.Config;

/// <summary>Writes mesh.yml from a <see cref="MeshConfig"/>: the commands edit the node through
/// this, so the file is always in one canonical shape that <see cref="MeshConfigParser"/> reads
/// back to the same value. Free text (paths, password, torrc lines) is double-quoted.</summary>
public static class MeshConfigWriter
{
    public static string Write(MeshConfig c)
    {
        var sb = new StringBuilder();
        sb.Append("# oniongroove mesh node (docs/mesh.md). Edited by `oniongroove mesh ...`; a running agent applies changes live.\n");
        sb.Append("version: ").Append(MeshConfig.Version).Append('\n');
        sb.Append("address: ").Append(c.Address).Append('\n');
        sb.Append("anonymity: ").Append(c.Anonymity == AnonymityMode.TorOnly ? "tor-only" : "single-hop").Append('\n');
        sb.Append("tor:\n");
        if (c.Tor.Executable is { } exe) sb.Append("  executable: ").Append(Quote(exe)).Append('\n');
        if (c.Tor.Control is { } ctl) sb.Append("  control: ").Append(Quote(ctl)).Append('\n');
        if (c.Tor.ControlPassword is { } pw) sb.Append("  password: ").Append(Quote(pw)).Append('\n');
        if (c.Tor.CookieFile is { } cf) sb.Append("  cookie_file: ").Append(Quote(cf)).Append('\n');
        if (c.Tor.TorrcLines.Count > 0)
        {
            sb.Append("  torrc:\n");
            foreach (var l in c.Tor.TorrcLines) sb.Append("    - ").Append(Quote(l)).Append('\n');
        }
        List("exports", c.Exports, e => $"port: {e.Port}\n    target: \"{e.Target}\"\n    public: {(e.Public ? "true" : "false")}");
        List("clients", c.Clients, x => $"name: {x.Name}\n    key: {x.Key.ToBase32()}");
        List("remotes", c.Remotes, r => $"name: {r.Name}\n    address: {r.Address}");
        List("imports", c.Imports, i => $"remote: {i.Remote}\n    port: {i.Port}\n    listen: \"{i.Listen}\"");
        return sb.ToString();

        void List<T>(string key, IReadOnlyList<T> items, Func<T, string> item)
        {
            if (items.Count == 0) { sb.Append(key).Append(": []\n"); return; }
            sb.Append(key).Append(":\n");
            foreach (var x in items) sb.Append("  - ").Append(item(x)).Append('\n');
        }
    }

    /// <summary>A YAML double-quoted scalar (YAML 1.2 §7.3.1 escapes).</summary>
    internal static string Quote(string s)
    {
        var sb = new StringBuilder("\"");
        foreach (var ch in s)
        {
            switch (ch)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\n': sb.Append("\\n"); break;
                case '\t': sb.Append("\\t"); break;
                case '\r': sb.Append("\\r"); break;
                default:
                    if (char.IsControl(ch)) sb.Append($"\\u{(int)ch:x4}");
                    else sb.Append(ch);
                    break;
            }
        }
        return sb.Append('"').ToString();
    }
}
