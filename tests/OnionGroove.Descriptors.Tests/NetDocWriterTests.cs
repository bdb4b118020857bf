using System.Security.Cryptography;
using System.Text;
using OnionGroove.Descriptors.Building;
using OnionGroove.Descriptors.Parsing;

namespace OnionGroove.Descriptors.Tests;

/// <summary>The builder's byte writer must produce exactly the text the string helpers (which the parser and
/// stem tests pin down) produce: wrapped objects, padded and unpadded base64, numbers, NUL padding.</summary>
public class NetDocWriterTests
{
    [Fact]
    public void ObjectsAndBase64MatchTheStringHelpersAtEveryLength()
    {
        for (var length = 0; length <= 200; length++)
        {
            var data = RandomNumberGenerator.GetBytes(length);
            var w = new NetDocWriter(4).Object("ED25519 CERT", data).Base64(data).Char('\n').Base64(data, pad: false);
            var expected = Base64.EncodeObject("ED25519 CERT", data) + Base64.Encode(data) + "\n" + Base64.Encode(data, pad: false);
            Assert.Equal(expected, Encoding.ASCII.GetString(w.Written));
        }
    }

    [Fact]
    public void NumbersTextAndPadding()
    {
        var w = new NetDocWriter(1).Raw("revision-counter "u8).Number(ulong.MaxValue).Char(' ').Number(-5L).Char(' ').Text("1-2");
        Assert.Equal("revision-counter 18446744073709551615 -5 1-2", Encoding.ASCII.GetString(w.Written));
        var before = w.Length;
        w.PadTo(100);
        Assert.Equal(100, w.Length);
        Assert.All(w.Written[before..].ToArray(), b => Assert.Equal(0, b));
        w.PadTo(100);
        Assert.Equal(100, w.Length);
        Assert.Equal("-5 1-2", Encoding.ASCII.GetString(w.ToArray(before - 6)).TrimEnd('\0'));
    }
}
