using OnionGroove.Age;
using OnionGroove.Core;
using OnionGroove.Vault.Manifest;

namespace OnionGroove.Vault.Sealing;

/// <summary>Turns a member's recipient string into an age recipient, or says why it cannot.</summary>
public static class RecipientCheck
{
    /// <summary>Accepts <c>age1…</c> X25519 recipients and <c>ssh-ed25519 AAAA… [comment]</c> lines.</summary>
    public static Result<IRecipient, Problem> Parse(string text)
    {
        var t = text.Trim();
        if (!(t.StartsWith("age1", StringComparison.Ordinal) || t.StartsWith("ssh-ed25519 ", StringComparison.Ordinal)))
            return new Problem("expected an age recipient (age1…) or an ssh-ed25519 public key line");
        return RecipientParser.Parse(t).MapError(e => new Problem(e.Message));
    }

    public static IRecipient Require(TeamMember member) =>
        Parse(member.Recipient).TryGet(out var r, out var error) ? r
        : throw new VaultException(VaultErrorKind.Usage, $"recipient of '{member.Name}' is not usable: {error.Message}");
}
