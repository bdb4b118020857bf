using OnionGroove.Core;

namespace OnionGroove.Vault.Audit;

/// <summary>The vault an audit runs on. A manifest that does not parse is itself what the audit
/// must report (with any duplicate keys), not a reason to stop without a report.</summary>
public static class AuditTarget
{
    /// <summary>The opened vault at or above <paramref name="path"/>, or, when its manifest does not
    /// parse, the finished report saying so; any other failure to open throws as <see cref="TeamVault.Open"/> does.</summary>
    public static Result<TeamVault, AuditReport> Open(string path)
    {
        try
        {
            return TeamVault.Open(path);
        }
        catch (VaultException e) when (e.Kind == VaultErrorKind.BadInput && TeamVault.FindRoot(path) is { } root)
        {
            return VaultAuditor.RunOnUnreadableManifest(root, e.Message);
        }
    }
}
