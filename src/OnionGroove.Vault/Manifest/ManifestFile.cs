using OnionGroove.Core;
using OnionGroove.Core.Yaml;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace OnionGroove.Vault.Manifest;

/// <summary>Reads (through <see cref="YamlFile"/>) and writes <c>oniongroove.yaml</c>. Reading never
/// throws on bad input: the result carries the first problem with its line number.</summary>
public static class ManifestFile
{
    public const string FileName = "oniongroove.yaml";

    private const string Header =
        "# OnionGroove team vault manifest. Edited by `oniongroove`; safe to review and merge by hand.\n" +
        "# It holds no secret: keys live age-encrypted under secrets/, sealed to the members listed.\n";

    public static Result<VaultManifest, Problem> Parse(string yaml)
    {
        var deserializer = new DeserializerBuilder()
            .WithNamingConvention(UnderscoredNamingConvention.Instance)
            .Build();
        // The first problem is the one to fix first (a duplicate key is reported before what follows it).
        if (!YamlFile.Parse<VaultManifest?>(yaml, deserializer).TryGet(out var manifest, out var problems)) return problems[0];
        if (manifest is null) return new Problem("the manifest is empty", 1, 1);
        // Absent lists come back as null despite the initialisers when written as `key:` with no value.
        manifest.Team ??= [];
        manifest.Sites ??= [];
        manifest.Hosts ??= [];
        foreach (var s in manifest.Sites)
        {
            if (s is null) return new Problem("a site entry is empty");
            s.Backends ??= [];
            s.Clients ??= [];
            s.Frontend ??= new SealedSecret();
            foreach (var b in s.Backends) if (b is not null) b.Secret ??= new SealedSecret();
            foreach (var c in s.Clients) if (c is not null) c.Secret ??= new SealedSecret();
        }
        var problem = ManifestValidator.Validate(manifest);
        return problem is null ? manifest : new Problem(problem);
    }

    /// <summary>A manifest of hundreds of sites is well under this; a larger one is refused unread.</summary>
    public const int MaxBytes = YamlFile.MaxBytes;

    public static Result<VaultManifest, Problem> Read(string path) => ReadText(path).Then(Parse);

    /// <summary>The manifest's text, unparsed: a regular file only (a committed symlink to
    /// /dev/zero would otherwise be read forever) of at most <see cref="MaxBytes"/>.</summary>
    public static Result<string, Problem> ReadText(string path) =>
        File.Exists(path) ? YamlFile.ReadText(path, MaxBytes, followLink: false) : new Problem($"{path} does not exist");

    /// <summary>A manifest problem as the vault's messages have always said it: with the line and
    /// column where the YAML is wrong, the bare message where the content is.</summary>
    public static string Describe(Problem problem) =>
        problem.Line > 0 ? $"line {problem.Line}, column {problem.Column}: {problem.Message}" : problem.Message;

    public static string Serialize(VaultManifest manifest)
    {
        var serializer = new SerializerBuilder()
            .WithNamingConvention(UnderscoredNamingConvention.Instance)
            .ConfigureDefaultValuesHandling(DefaultValuesHandling.OmitNull)
            .Build();
        return Header + serializer.Serialize(manifest);
    }
}
