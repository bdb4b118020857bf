using System.CommandLine;
using OnionGroove.Age;
using OnionGroove.Age.Recipients;

namespace OnionGroove.Cli.Commands.Age;

/// <summary>`oniongroove age encrypt [-r R]... [-R FILE]... [-p] [-a] [-o OUT] [IN]`.</summary>
public static class AgeEncryptCommand
{
    public static Command Create()
    {
        var recipient = new Option<string[]>("--recipient", "-r") { Description = "Encrypt to this recipient (age1… or \"ssh-ed25519 AAAA…\"); repeatable" };
        var recipientsFile = new Option<string[]>("--recipients-file", "-R") { Description = "Encrypt to the recipients listed in FILE; repeatable" };
        var passphrase = new Option<bool>("--passphrase", "-p") { Description = $"Encrypt with a passphrase (typed on the terminal, or ${AgeCliIo.PassphraseVariable})" };
        var armor = new Option<bool>("--armor", "-a") { Description = "Write PEM-armored text instead of binary" };
        var output = new Option<string?>("--output", "-o") { Description = "Write to OUT (default: stdout)" };
        var input = new Argument<string?>("IN") { Description = "The file to encrypt (default: stdin)", Arity = ArgumentArity.ZeroOrOne };
        var cmd = new Command("encrypt", "Encrypt a file to recipients or with a passphrase")
            { recipient, recipientsFile, passphrase, armor, output, input };
        cmd.SetAction(pr =>
        {
            var stderr = pr.InvocationConfiguration.Error;
            var recipients = new List<IRecipient>();
            foreach (var r in pr.GetValue(recipient) ?? [])
            {
                if (!RecipientParser.Parse(r).TryGet(out var parsed, out var error))
                    throw new CliError(ExitCodes.Usage, $"-r {Shorten(r)}: {error.Message}");
                recipients.Add(parsed);
            }
            foreach (var path in pr.GetValue(recipientsFile) ?? [])
            {
                try { recipients.AddRange(RecipientParser.ParseFile(AgeCliIo.ReadTextFile(path, "recipients file"))); }
                catch (AgeException e) { throw new CliError(ExitCodes.BadInput, $"{path}: {e.Message}"); }
            }
            if (pr.GetValue(passphrase))
            {
                if (recipients.Count > 0)
                    throw new CliError(ExitCodes.Usage, "-p cannot be combined with -r/-R", "a passphrase-encrypted file must have no other recipients (age spec)");
                recipients.Add(new ScryptRecipient(AgeCliIo.Passphrase(stderr, "Enter passphrase: ", confirm: true)));
            }
            if (recipients.Count == 0)
                throw new CliError(ExitCodes.Usage, "no recipients", "give -r RECIPIENT, -R FILE or -p");

            var inPath = pr.GetValue(input);
            using var plaintext = AgeCliIo.OpenInput(inPath);
            AgeCliIo.WriteOutput(pr.GetValue(output), binary: !pr.GetValue(armor),
                o => AgeEncryptor.Encrypt(plaintext, o, recipients, pr.GetValue(armor)));
            return ExitCodes.Ok;
        });
        return cmd;
    }

    private static string Shorten(string s) => s.Length > 24 ? s[..24] + "…" : s;
}
