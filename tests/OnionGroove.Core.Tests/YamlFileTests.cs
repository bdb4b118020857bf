using System.Text;
using OnionGroove.Core.Yaml;
using OnionGroove.TestSupport;
using YamlDotNet.RepresentationModel;
using YamlDotNet.Serialization;

namespace OnionGroove.Core.Tests;

/// <summary>The one reader of YAML files people write: the file is read safely, the text is
/// checked before it is built, and every failure is a problem with its line, never an exception.</summary>
public class YamlFileTests
{
    private sealed class Doc
    {
        public int Version { get; set; }
        public List<string>? Names { get; set; }
    }

    private static readonly IDeserializer Deserializer = new DeserializerBuilder().Build();

    [Fact]
    public void A_regular_file_is_read_without_its_byte_order_mark()
    {
        using var dir = new TempDir();
        File.WriteAllText(dir["a.yml"], "Version: 1\n", new UTF8Encoding(encoderShouldEmitUTF8Identifier: true));
        Assert.Equal("Version: 1\n", YamlFile.ReadText(dir["a.yml"]).Value);
    }

    [Fact]
    public void A_missing_file_is_a_problem_naming_it()
    {
        using var dir = new TempDir();
        var r = YamlFile.ReadText(dir["none.yml"]);
        Assert.False(r.IsSuccess);
        Assert.Contains(dir["none.yml"], r.Error.Message);
        Assert.Contains("no such file", r.Error.Message);
    }

    [Fact]
    public void A_file_over_the_limit_is_refused_unread()
    {
        using var dir = new TempDir();
        File.WriteAllText(dir["big.yml"], new string('#', 2000));
        Assert.Contains("refusing to read it", YamlFile.ReadText(dir["big.yml"], maxBytes: 1024).Error!.Message);
        Assert.True(YamlFile.ReadText(dir["big.yml"], maxBytes: 2000).IsSuccess);
    }

    [Fact]
    public void A_fifo_is_refused_without_blocking()
    {
        if (!OperatingSystem.IsLinux()) return;
        using var dir = new TempDir();
        Assert.Equal(0, ExternalProgram.Run("mkfifo", [dir["pipe.yml"]]).ExitCode);
        var read = Task.Run(() => YamlFile.ReadText(dir["pipe.yml"]));
        Assert.True(read.Wait(TimeSpan.FromSeconds(10)), "reading a FIFO blocked");
        Assert.Contains("not a regular file", read.Result.Error!.Message);
    }

    [Fact]
    public void A_symlink_to_a_device_is_refused_whether_links_are_followed_or_not()
    {
        if (!OperatingSystem.IsLinux()) return;
        using var dir = new TempDir();
        File.CreateSymbolicLink(dir["zero.yml"], "/dev/zero");
        Assert.Contains("symbolic link", YamlFile.ReadText(dir["zero.yml"], followLink: false).Error!.Message);
        Assert.Contains("not a regular file", YamlFile.ReadText(dir["zero.yml"], followLink: true).Error!.Message);
    }

    [Fact]
    public void A_symlink_to_a_regular_file_is_followed_only_when_allowed()
    {
        using var dir = new TempDir();
        File.WriteAllText(dir["real.yml"], "Version: 2\n");
        File.CreateSymbolicLink(dir["link.yml"], dir["real.yml"]);
        Assert.Equal("Version: 2\n", YamlFile.ReadText(dir["link.yml"]).Value);
        Assert.False(YamlFile.ReadText(dir["link.yml"], followLink: false).IsSuccess);
    }

    [Fact]
    public void Parse_gives_the_value()
    {
        var doc = YamlFile.Parse<Doc>("Version: 3\nNames: [a, b]\n", Deserializer).Value!;
        Assert.Equal(3, doc.Version);
        Assert.Equal(["a", "b"], doc.Names!);
        Assert.Null(YamlFile.Parse<Doc>("", Deserializer).Value);
    }

    [Fact]
    public void Parse_reports_every_duplicate_key_with_its_line()
    {
        var r = YamlFile.Parse<Doc>("Version: 1\nVersion: 2\nNames: []\nNames: []\n", Deserializer);
        Assert.Equal([2, 4], r.Error!.Select(p => p.Line));
        Assert.All(r.Error!, p => Assert.Contains("duplicate key", p.Message));
    }

    [Theory]
    [InlineData("Names: [a, b\nVersion: 1\n", 1)]  // syntax: an unclosed '[', found at its opening
    [InlineData("Version: 1\nColour: blue\n", 2)] // an unknown key (the deserializer's own error)
    [InlineData("Version: many\n", 1)]            // a value of the wrong type
    public void Parse_reports_a_bad_document_as_one_problem_on_its_line(string yaml, int line)
    {
        var p = Assert.Single(YamlFile.Parse<Doc>(yaml, Deserializer).Error!);
        Assert.Equal(line, p.Line);
        Assert.False(string.IsNullOrWhiteSpace(p.Message));
    }

    [Fact]
    public void Load_gives_the_root_node_or_the_problems()
    {
        Assert.IsType<YamlMappingNode>(YamlFile.Load("a: 1\n").Value);
        Assert.Null(YamlFile.Load("").Value);
        var p = Assert.Single(YamlFile.Load("a: {b: 1\nc: 2\n").Error!);
        Assert.Equal(1, p.Line);
        Assert.Contains("never closed", p.Message);
    }
}
