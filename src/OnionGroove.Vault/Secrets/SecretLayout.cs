namespace OnionGroove.Vault.Secrets;

/// <summary>
/// Where each secret's .age file lives inside the vault:
/// <c>secrets/SITE/frontend.age</c>, <c>secrets/SITE/backends/NAME.age</c>,
/// <c>secrets/SITE/clients/NAME.age</c>; the team's mesh client keys in <c>secrets/_mesh/NAME.age</c>
/// (no site name starts with '_'). Names were validated to be path-safe.
/// </summary>
public static class SecretLayout
{
    public const string Root = "secrets";

    public static string SiteDir(string site) => $"{Root}/{site}";
    public static string Frontend(string site) => $"{Root}/{site}/frontend.age";
    public static string Backend(string site, string backend) => $"{Root}/{site}/backends/{backend}.age";
    public static string Client(string site, string client) => $"{Root}/{site}/clients/{client}.age";
    public static string MeshClient(string name) => $"{Root}/_mesh/{name}.age";

    /// <summary>A vault-relative path ('/' separators) as a full path on this machine.</summary>
    public static string Full(string vaultRoot, string relative) =>
        Path.Combine(vaultRoot, relative.Replace('/', Path.DirectorySeparatorChar));
}
