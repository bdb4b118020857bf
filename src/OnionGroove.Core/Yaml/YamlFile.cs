using System.Text;
using OnionGroove.Core.IO;
using YamlDotNet.RepresentationModel;
using YamlDotNet.Serialization;

namespace OnionGroove.Core.Yaml;

/// <summary>
/// The one way a YAML file people write (the vault's <c>oniongroove.yaml</c>, an environment's
/// settings, the balancer's <c>config.yaml</c>) is read: the file through <see cref="SafeFile"/>
/// (a regular file of bounded size, never a FIFO or device, which would block or never end), the
/// text through <see cref="SafeYaml"/> (syntax, depth and duplicate keys checked first). Nothing
/// throws on bad input; every problem carries its line. What the values mean is the caller's part.
/// </summary>
public static class YamlFile
{
    /// <summary>A manifest of hundreds of sites is well under this; a larger file is refused unread.</summary>
    public const int MaxBytes = 16 << 20;

    /// <summary>The text of <paramref name="path"/> (UTF-8, a byte-order mark dropped). It must be a
    /// regular file of at most <paramref name="maxBytes"/>; with <paramref name="followLink"/> false
    /// a symlink is refused too (a file in a cloned repository may be a symlink to /dev/zero). The
    /// problem's message is <see cref="SafeFile"/>'s, which names the path.</summary>
    public static Result<string, Problem> ReadText(string path, int maxBytes = MaxBytes, bool followLink = true)
    {
        if (!SafeFile.Read(path, maxBytes, followLink).TryGet(out var bytes, out var error)) return new Problem(error.Message);
        return Encoding.UTF8.GetString(bytes).TrimStart('\uFEFF');
    }

    /// <summary><paramref name="text"/> deserialized with <paramref name="deserializer"/> (null for an
    /// empty document), or every problem <see cref="SafeYaml"/> found: all duplicate keys, else the
    /// first syntax or type error.</summary>
    public static Result<T?, IReadOnlyList<Problem>> Parse<T>(string text, IDeserializer deserializer)
    {
        var (value, problems) = SafeYaml.Deserialize<T>(deserializer, text);
        return problems.Count > 0 ? Result<T?, IReadOnlyList<Problem>>.Failure(problems) : Result<T?, IReadOnlyList<Problem>>.Success(value);
    }

    /// <summary>The first document's root node of <paramref name="text"/> (null for an empty
    /// stream), or the problems that stop it from being read.</summary>
    public static Result<YamlNode?, IReadOnlyList<Problem>> Load(string text)
    {
        var (root, problems) = SafeYaml.Load(text);
        return problems.Count > 0 ? Result<YamlNode?, IReadOnlyList<Problem>>.Failure(problems) : Result<YamlNode?, IReadOnlyList<Problem>>.Success(root);
    }
}
