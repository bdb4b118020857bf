using OnionGroove.Core;
using OnionGroove.Core.Yaml;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace OnionGroove.Vault.Manifest;

/// <summary>Reads and writes <c>oniongroove.yaml</c>. Reading never throws on bad input: the
/// result carries the first problem with its line number.</summary>
public static class ManifestFile
{
    public const string FileName = "oniongroove.yaml";

    private const string Header =
        "# OnionGroove team vault manifest. Edited by `oniongroove`; safe to review and merge by hand.\n" +
        "# It holds no secret: keys live age-encrypted under secrets/, sealed to the members listed.\n";

    public static ManifestParseResult Parse(string yaml)
    {
        var deserializer = new DeserializerBuilder()
            .WithNamingConvention(UnderscoredNamingConvention.Instance)
            .Build();
        var (manifest, problems) = SafeYaml.Deserialize<VaultManifest?>(deserializer, yaml);
        // The first problem is the one to fix first (a duplicate key is reported before what follows it).
        if (problems.Count > 0) return ManifestParseResult.Fail(new ManifestError(problems[0].Line, problems[0].Column, problems[0].Message));
        if (manifest is null) return ManifestParseResult.Fail(new ManifestError(1, 1, "the manifest is empty"));
        // Absent lists come back as null despite the initialisers when written as `key:` with no value.
        manifest.Team ??= [];
        manifest.Sites ??= [];
        manifest.Hosts ??= [];
        foreach (var s in manifest.Sites)
        {
            if (s is null) return ManifestParseResult.Fail(new ManifestError(0, 0, "a site entry is empty"));
            s.Backends ??= [];
            s.Clients ??= [];
            s.Frontend ??= new SealedSecret();
            foreach (var b in s.Backends) if (b is not null) b.Secret ??= new SealedSecret();
            foreach (var c in s.Clients) if (c is not null) c.Secret ??= new SealedSecret();
        }
        var problem = ManifestValidator.Validate(manifest);
        return problem is null ? ManifestParseResult.Ok(manifest) : ManifestParseResult.Fail(new ManifestError(0, 0, problem));
    }

    /// <summary>A manifest of hundreds of sites is well under this; a larger one is refused unread.</summary>
    public const int MaxBytes = 16 << 20;

    public static ManifestParseResult Read(string path) => Read(path, out _);

    /// <summary>Reads and parses; <paramref name="text"/> is what was read ("" when nothing was).</summary>
    public static ManifestParseResult Read(string path, out string text)
    {
        text = "";
        if (!File.Exists(path)) return ManifestParseResult.Fail(new ManifestError(0, 0, $"{path} does not exist"));
        // A regular file only (a committed symlink to /dev/zero would otherwise be read forever).
        if (!Crypto.SafeFile.TryRead(path, MaxBytes, followLink: false, out var bytes, out _, out var error))
            return ManifestParseResult.Fail(new ManifestError(0, 0, error));
        text = System.Text.Encoding.UTF8.GetString(bytes).TrimStart('\uFEFF');
        return Parse(text);
    }

    public static string Serialize(VaultManifest manifest)
    {
        var serializer = new SerializerBuilder()
            .WithNamingConvention(UnderscoredNamingConvention.Instance)
            .ConfigureDefaultValuesHandling(DefaultValuesHandling.OmitNull)
            .Build();
        return Header + serializer.Serialize(manifest);
    }
}

/// <summary>A manifest problem; Line 0 means it is about content rather than syntax.</summary>
public sealed record ManifestError(int Line, int Column, string Message)
{
    public override string ToString() => Line > 0 ? $"line {Line}, column {Column}: {Message}" : Message;
}

public sealed record ManifestParseResult(VaultManifest? Manifest, ManifestError? Error)
{
    public static ManifestParseResult Ok(VaultManifest m) => new(m, null);
    public static ManifestParseResult Fail(ManifestError e) => new(null, e);
}
