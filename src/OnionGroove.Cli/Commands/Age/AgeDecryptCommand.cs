using System.CommandLine;
using OnionGroove.Age;
using OnionGroove.Age.Recipients;

namespace OnionGroove.Cli.Commands.Age;

/// <summary>`oniongroove age decrypt [-i FILE]... [-o OUT] [IN]`. Without -i the file must be
/// passphrase-encrypted; the passphrase is then asked for (or read from OG_AGE_PASSPHRASE).</summary>
public static class AgeDecryptCommand
{
    public static Command Create()
    {
        var identity = new Option<string[]>("--identity", "-i") { Description = "An age identity file or OpenSSH ed25519 private key; repeatable" };
        var output = new Option<string?>("--output", "-o") { Description = "Write the plaintext to OUT (default: stdout); written only if the whole file verifies" };
        var input = new Argument<string?>("IN") { Description = "The age file, binary or armored (default: stdin)", Arity = ArgumentArity.ZeroOrOne };
        var cmd = new Command("decrypt", "Decrypt an age file with identities or a passphrase") { identity, output, input };
        cmd.SetAction(pr =>
        {
            var stderr = pr.InvocationConfiguration.Error;
            var identities = new List<IIdentity>();
            foreach (var path in pr.GetValue(identity) ?? [])
            {
                try { identities.AddRange(IdentityFile.Parse(AgeCliIo.ReadTextFile(path, "identity file"), () => AgeCliIo.SshPassphrase(stderr, path))); }
                catch (AgeException e) { throw new CliError(ExitCodes.BadInput, $"{path}: {e.Message}"); }
            }
            if (identities.Count == 0)
                identities.Add(new ScryptIdentity(() => AgeCliIo.Passphrase(stderr, "Enter passphrase: ", confirm: false)));

            var inPath = pr.GetValue(input);
            try
            {
                using var ciphertext = AgeCliIo.OpenInput(inPath);
                AgeCliIo.WriteOutput(pr.GetValue(output), binary: false, o => AgeDecryptor.Decrypt(ciphertext, o, identities));
            }
            catch (AgeException e)
            {
                throw AgeCliIo.ToCliError(e, inPath);
            }
            finally
            {
                foreach (var id in identities) (id as IDisposable)?.Dispose();
            }
            return ExitCodes.Ok;
        });
        return cmd;
    }
}
