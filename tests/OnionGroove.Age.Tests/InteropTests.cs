using System.Security.Cryptography;
using OnionGroove.TestSupport;
using OnionGroove.Age.Recipients;

namespace OnionGroove.Age.Tests;

/// <summary>Interop with the real age CLI in both directions, for every recipient type we implement.</summary>
public class InteropTests
{
    // Two full chunks and a partial one, so chunk counters and the final flag are exercised.
    private static readonly byte[] Plaintext = RandomNumberGenerator.GetBytes(2 * 64 * 1024 + 1234);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Age_decrypts_what_we_encrypt_to_an_age_keygen_key(bool armor)
    {
        using var dir = new TempDir("og-age");
        Assert.Equal(0, AgeTool.Keygen("-o", dir["key.txt"]).ExitCode);
        var identities = IdentityFile.Parse(File.ReadAllText(dir["key.txt"]));
        var recipientText = AgeTool.Keygen("-y", dir["key.txt"]).Stdout.Trim();
        // Our bech32/X25519 derive the same recipient as age-keygen.
        Assert.Equal(recipientText, ((X25519Identity)identities[0]).Recipient.ToString());

        File.WriteAllBytes(dir["msg.age"], AgeEncryptor.EncryptBytes(Plaintext, [RecipientParser.Parse(recipientText).Value], armor));
        if (armor) Assert.StartsWith("-----BEGIN AGE ENCRYPTED FILE-----\n", File.ReadAllText(dir["msg.age"]));
        var r = AgeTool.Run("-d", "-i", dir["key.txt"], "-o", dir["out"], dir["msg.age"]);
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Equal(Plaintext, File.ReadAllBytes(dir["out"]));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void We_decrypt_what_age_encrypts_to_our_key(bool armor)
    {
        using var dir = new TempDir("og-age");
        using var identity = X25519Identity.Generate();
        File.WriteAllText(dir["key.txt"], identity.ExportSecret() + "\n");
        File.WriteAllBytes(dir["msg"], Plaintext);
        // age itself accepts our identity encoding and derives the same recipient from it.
        Assert.Equal(identity.Recipient.ToString(), AgeTool.Keygen("-y", dir["key.txt"]).Stdout.Trim());

        var args = new List<string> { "-r", identity.Recipient.ToString(), "-o", dir["msg.age"] };
        if (armor) args.Add("-a");
        args.Add(dir["msg"]);
        var r = AgeTool.Run([.. args]);
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Equal(Plaintext, AgeDecryptor.DecryptBytes(File.ReadAllBytes(dir["msg.age"]), [identity]));
    }

    [Fact]
    public void Ssh_ed25519_works_both_ways_with_ssh_keygen_keys()
    {
        using var dir = new TempDir("og-age");
        AgeTool.SshKeygen(dir["id"], "");
        var recipient = RecipientParser.Parse(File.ReadAllText(dir["id.pub"])).Value;
        var identity = IdentityFile.Parse(File.ReadAllText(dir["id"]));

        File.WriteAllBytes(dir["ours.age"], AgeEncryptor.EncryptBytes(Plaintext, [recipient]));
        var r = AgeTool.Run("-d", "-i", dir["id"], "-o", dir["out"], dir["ours.age"]);
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Equal(Plaintext, File.ReadAllBytes(dir["out"]));

        File.WriteAllBytes(dir["msg"], Plaintext);
        r = AgeTool.Run("-R", dir["id.pub"], "-o", dir["theirs.age"], dir["msg"]);
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Equal(Plaintext, AgeDecryptor.DecryptBytes(File.ReadAllBytes(dir["theirs.age"]), identity));
        // The stanza's tag is the one age computed for this key.
        var stanza = AgeDecryptor.ReadStanzas(File.OpenRead(dir["theirs.age"])).Single();
        Assert.Equal(((SshEd25519Recipient)recipient).Tag, stanza.Arguments[0]);
    }

    [Fact]
    public void Passphrase_protected_ssh_key_from_ssh_keygen_decrypts_age_output()
    {
        using var dir = new TempDir("og-age");
        AgeTool.SshKeygen(dir["id"], "correct horse");
        File.WriteAllBytes(dir["msg"], Plaintext);
        var r = AgeTool.Run("-R", dir["id.pub"], "-o", dir["msg.age"], dir["msg"]);
        Assert.True(r.ExitCode == 0, r.Stderr);
        var pem = File.ReadAllText(dir["id"]);

        var asked = 0;
        var identity = SshEd25519Identity.Parse(pem, () => { asked++; return "correct horse"; });
        Assert.Equal(0, asked); // the public part is readable without the passphrase
        Assert.Equal(Plaintext, AgeDecryptor.DecryptBytes(File.ReadAllBytes(dir["msg.age"]), [identity]));
        Assert.Equal(1, asked);

        var wrong = SshEd25519Identity.Parse(pem, () => "wrong horse");
        var e = Assert.Throws<AgeInvalidKeyException>(() => AgeDecryptor.DecryptBytes(File.ReadAllBytes(dir["msg.age"]), [wrong]));
        Assert.Contains("wrong passphrase", e.Message);
    }

    [Fact]
    public void Scrypt_works_both_ways_through_a_terminal()
    {
        using var dir = new TempDir("og-age");
        const string passphrase = "a passphrase for the age cli";
        // Work factor 2^14 keeps the test fast; age accepts any work factor up to its limit.
        File.WriteAllBytes(dir["ours.age"], AgeEncryptor.EncryptBytes(Plaintext, [new ScryptRecipient(passphrase, 14)], armor: true));
        var r = AgeTool.RunWithTerminal(passphrase + "\n", "-d", "-o", dir["out"], dir["ours.age"]);
        Assert.True(r.ExitCode == 0, r.Stdout + r.Stderr);
        Assert.Equal(Plaintext, File.ReadAllBytes(dir["out"]));

        File.WriteAllBytes(dir["msg"], Plaintext);
        r = AgeTool.RunWithTerminal(passphrase + "\n" + passphrase + "\n", "-p", "-o", dir["theirs.age"], dir["msg"]);
        Assert.True(r.ExitCode == 0, r.Stdout + r.Stderr);
        Assert.Equal("scrypt", AgeDecryptor.ReadStanzas(File.OpenRead(dir["theirs.age"])).Single().Type);
        Assert.Equal(Plaintext, AgeDecryptor.DecryptBytes(File.ReadAllBytes(dir["theirs.age"]), [new ScryptIdentity(passphrase)]));
        Assert.Throws<AgeNoIdentityMatchedException>(() =>
            AgeDecryptor.DecryptBytes(File.ReadAllBytes(dir["theirs.age"]), [new ScryptIdentity("not it")]));
    }

    [Fact]
    public void Age_rejects_our_file_when_a_payload_byte_is_flipped()
    {
        // Guards the interop tests above against passing trivially: age must fail on our output
        // once it is tampered with.
        using var dir = new TempDir("og-age");
        Assert.Equal(0, AgeTool.Keygen("-o", dir["key.txt"]).ExitCode);
        var recipient = RecipientParser.Parse(AgeTool.Keygen("-y", dir["key.txt"]).Stdout).Value;
        var file = AgeEncryptor.EncryptBytes(Plaintext, [recipient]);
        file[^100] ^= 1;
        File.WriteAllBytes(dir["msg.age"], file);
        Assert.NotEqual(0, AgeTool.Run("-d", "-i", dir["key.txt"], "-o", dir["out"], dir["msg.age"]).ExitCode);
    }
}
