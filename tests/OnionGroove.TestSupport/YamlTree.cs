using YamlDotNet.RepresentationModel;

namespace OnionGroove.TestSupport;

/// <summary>A YAML document parsed (by YamlDotNet, not by our readers) so tests assert on its
/// structure: a value at a path, not a line somewhere in the text. Lookups that miss throw with
/// the path and the document, so a failure shows what was there.</summary>
public sealed class YamlTree
{
    private readonly YamlNode _node;
    private readonly string _document;

    private YamlTree(YamlNode node, string path, string document)
    {
        _node = node;
        Path = path;
        _document = document;
    }

    /// <summary>Where this node sits, e.g. "$.all.children[0]".</summary>
    public string Path { get; }

    /// <summary>The one document in <paramref name="text"/>.</summary>
    public static YamlTree Parse(string text)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(text));
        if (stream.Documents.Count != 1) throw new FormatException($"expected one YAML document, found {stream.Documents.Count}:\n{text}");
        return new YamlTree(stream.Documents[0].RootNode, "$", text);
    }

    public YamlTree this[string key] =>
        Mapping.Children.TryGetValue(new YamlScalarNode(key), out var child) ? new YamlTree(child, $"{Path}.{key}", _document)
        : throw new KeyNotFoundException($"no '{key}' at {Path} in:\n{_document}");

    public YamlTree this[int index] => Items[index];

    public bool Has(string key) => _node is YamlMappingNode m && m.Children.ContainsKey(new YamlScalarNode(key));

    /// <summary>A mapping's keys, in document order.</summary>
    public IReadOnlyList<string> Keys => Mapping.Children.Keys.Select(k => ((YamlScalarNode)k).Value!).ToList();

    /// <summary>A sequence's items.</summary>
    public IReadOnlyList<YamlTree> Items =>
        (_node as YamlSequenceNode ?? throw Wrong("a sequence")).Children.Select((n, i) => new YamlTree(n, $"{Path}[{i}]", _document)).ToList();

    /// <summary>A scalar's text (numbers and booleans as written).</summary>
    public string Text => (_node as YamlScalarNode ?? throw Wrong("a scalar")).Value ?? "";

    public override string ToString() => $"{Path}: {_node}";

    private YamlMappingNode Mapping => _node as YamlMappingNode ?? throw Wrong("a mapping");

    private FormatException Wrong(string what) => new($"{Path} is not {what} in:\n{_document}");
}
