using OnionGroove.Age;
using OnionGroove.Vault.Manifest;

namespace OnionGroove.Vault.Sealing;

/// <summary>Turns a member's recipient string into an age recipient, or says why it cannot.</summary>
public static class RecipientCheck
{
    /// <summary>Accepts <c>age1…</c> X25519 recipients and <c>ssh-ed25519 AAAA… [comment]</c> lines.</summary>
    public static bool TryParse(string text, out IRecipient? recipient, out string? error)
    {
        recipient = null;
        var t = text.Trim();
        if (!(t.StartsWith("age1", StringComparison.Ordinal) || t.StartsWith("ssh-ed25519 ", StringComparison.Ordinal)))
        {
            error = "expected an age recipient (age1…) or an ssh-ed25519 public key line";
            return false;
        }
        try
        {
            recipient = RecipientParser.Parse(t);
            error = null;
            return true;
        }
        catch (AgeException e)
        {
            error = e.Message;
            return false;
        }
    }

    public static IRecipient Require(TeamMember member) =>
        TryParse(member.Recipient, out var r, out var error) ? r!
        : throw new VaultException(VaultErrorKind.Usage, $"recipient of '{member.Name}' is not usable: {error}");
}
