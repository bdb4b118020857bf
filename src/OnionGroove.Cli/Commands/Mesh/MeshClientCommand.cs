using System.CommandLine;
using OnionGroove.Mesh.Node;
using QRCoder;

namespace OnionGroove.Cli.Commands.Mesh;

/// <summary>`mesh client add NAME [--qr] | remove NAME | list`: machines allowed to reach this node.</summary>
internal static class MeshClientCommand
{
    public static Command Create(Option<string?> dir)
    {
        var cmd = new Command("client", "Machines allowed to reach this node's exports");

        var name = new Argument<string>("NAME") { Description = "Client name (lowercase letters, digits, '-', '_')" };
        var qr = new Option<bool>("--qr") { Description = "Also show the token as a QR code in the terminal" };
        var json = MeshCli.JsonOption();
        var add = new Command("add", "Authorise a new client and print its token (the node keeps no copy of the secret in it)") { name, qr, json };
        add.SetAction(pr =>
        {
            var node = MeshCli.Open(pr, dir);
            using var token = MeshCli.Check(MeshEdits.AddClient(node, pr.GetValue(name)!));
            var text = token.Export();
            var o = MeshCli.Out(pr);
            if (pr.GetValue(json)) JsonOutput.Write(o, new { name = pr.GetValue(name), node = token.Node.ToString(), public_key = token.Key.PublicKey.ToBase32(), token = text });
            else o.WriteLine(text);
            if (pr.GetValue(qr))
            {
                using var gen = new QRCodeGenerator();
                using var data = gen.CreateQrCode(text, QRCodeGenerator.ECCLevel.L);
                // Two characters a module so it stays square in a terminal; dark on light.
                MeshCli.Err(pr).WriteLine(new AsciiQRCode(data).GetGraphic(1, "\u2588\u2588", "  ", drawQuietZones: true));
            }
            MeshCli.Err(pr).WriteLine($"oniongroove: on the client: oniongroove mesh remote add NAME TOKEN (the token holds the client's secret key: hand it over privately)");
            return ExitCodes.Ok;
        });

        var rmName = new Argument<string>("NAME") { Description = "Client name" };
        var remove = new Command("remove", "Revoke a client (a running agent applies it at once: the client's connections are cut)") { rmName };
        remove.SetAction(pr =>
        {
            MeshCli.Check(MeshEdits.RemoveClient(MeshCli.Open(pr, dir), pr.GetValue(rmName)!));
            MeshCli.Out(pr).WriteLine($"revoked client {pr.GetValue(rmName)}");
            return ExitCodes.Ok;
        });

        var listJson = MeshCli.JsonOption();
        var list = new Command("list", "List the authorised clients") { listJson };
        list.SetAction(pr =>
        {
            var c = MeshCli.Open(pr, dir).Config;
            if (pr.GetValue(listJson)) JsonOutput.Write(MeshCli.Out(pr), MeshStatusCommand.ClientsJson(c));
            else foreach (var x in c.Clients) MeshCli.Out(pr).WriteLine($"{x.Name}\t{x.Key.ToBase32()}");
            return ExitCodes.Ok;
        });

        cmd.Subcommands.Add(add);
        cmd.Subcommands.Add(remove);
        cmd.Subcommands.Add(list);
        return cmd;
    }
}
