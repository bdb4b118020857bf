namespace OnionGroove.Vault;

/// <summary>The README.md written into every new vault.</summary>
internal static class VaultReadme
{
    public const string Text = """
        # OnionGroove team vault

        This git repository holds the onion service keys of a team, encrypted with
        [age](https://age-encryption.org). It is managed with the `oniongroove` CLI.

        ## Layout

        - `oniongroove.yaml`: the manifest (no secrets). Team members and their age or
          ssh-ed25519 recipients; sites with their onion addresses, backends and
          authorized clients; hosts; and for every secret the member names it is sealed to.
        - `secrets/SITE/frontend.age`: the site's public (frontend) identity key.
        - `secrets/SITE/backends/NAME.age`: one key per backend instance.
        - `secrets/SITE/clients/NAME.age`: client authorization keys, if any.

        Each `.age` file decrypts to exactly tor's `hs_ed25519_secret_key` file (96 bytes;
        client keys: a tor `.auth_private` line), so the age CLI can read it:

            age -d -i ~/.ssh/id_ed25519 secrets/SITE/frontend.age > hs_ed25519_secret_key

        ## Rules

        - Every secret is sealed to exactly the current team. `oniongroove team add/remove`
          re-encrypts everything in one commit.
        - Git history keeps old ciphertexts: a removed member can still read what was
          sealed to them before. Rotate backend and client keys after a removal
          (`oniongroove team remove NAME --rotate`). A frontend key is the address itself
          and cannot be rotated without moving the site to a new address.
        - Never commit plaintext keys. `oniongroove audit` scans the working tree and every
          object in the git history for key material.
        - Share changes with `oniongroove sync` (git pull --rebase, then push).
        """;
}
