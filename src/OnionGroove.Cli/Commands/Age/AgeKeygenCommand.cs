using System.CommandLine;
using OnionGroove.Age;
using OnionGroove.Age.Recipients;

namespace OnionGroove.Cli.Commands.Age;

/// <summary>`oniongroove age keygen [-o FILE]` and `oniongroove age keygen -y [FILE]`, like age-keygen.</summary>
public static class AgeKeygenCommand
{
    public static Command Create()
    {
        var output = new Option<string?>("--output", "-o") { Description = "Write the identity to FILE (mode 0600; never overwritten)" };
        var convert = new Option<bool>("-y") { Description = "Print the recipients of the identity file given as argument (or stdin)" };
        var input = new Argument<string?>("FILE") { Description = "With -y: the identity file", Arity = ArgumentArity.ZeroOrOne };
        var cmd = new Command("keygen", "Generate an age X25519 identity, or (-y) print an identity file's recipients") { output, convert, input };
        cmd.SetAction(pr =>
        {
            var stdout = pr.InvocationConfiguration.Output;
            var stderr = pr.InvocationConfiguration.Error;
            if (pr.GetValue(convert))
            {
                var path = pr.GetValue(input) ?? "-";
                IReadOnlyList<IIdentity> ids;
                try { ids = IdentityFile.Parse(AgeCliIo.ReadTextFile(path, "identity file"), () => AgeCliIo.SshPassphrase(stderr, path)); }
                catch (AgeException e) { throw new CliError(ExitCodes.BadInput, $"{path}: {e.Message}"); }
                foreach (var id in ids)
                {
                    stdout.WriteLine(id switch
                    {
                        X25519Identity x => x.Recipient.ToString(),
                        SshEd25519Identity s => s.Recipient.ToString(),
                        _ => throw new CliError(ExitCodes.BadInput, $"{path}: this identity has no printable recipient"),
                    });
                    (id as IDisposable)?.Dispose();
                }
                return ExitCodes.Ok;
            }
            if (pr.GetValue(input) is not null) throw new CliError(ExitCodes.Usage, "a FILE argument is only taken with -y", "use -o FILE to choose where the new identity goes");

            using var identity = X25519Identity.Generate();
            var text = $"# created: {DateTimeOffset.UtcNow:yyyy-MM-ddTHH:mm:ssZ}\n# public key: {identity.Recipient}\n{identity.ExportSecret()}\n";
            if (pr.GetValue(output) is { } file && file != "-")
            {
                if (File.Exists(file)) throw new CliError(ExitCodes.Failure, $"{file} already exists; refusing to overwrite an identity", "choose another -o FILE or remove the old one first");
                var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
                if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
                using (var f = new StreamWriter(new FileStream(file, options))) f.Write(text);
            }
            else stdout.Write(text);
            stderr.WriteLine($"Public key: {identity.Recipient}");
            return ExitCodes.Ok;
        });
        return cmd;
    }
}
