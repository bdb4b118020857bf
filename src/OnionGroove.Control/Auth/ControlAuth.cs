namespace OnionGroove.Control.Auth;

/// <summary>How to authenticate to tor's control port (control-spec §3.5, §3.24).</summary>
public abstract record ControlAuth
{
    private ControlAuth() { }

    /// <summary>Pick from PROTOCOLINFO: NULL if offered, then SAFECOOKIE, then COOKIE (when the
    /// cookie file is readable), then HASHEDPASSWORD if a password was given.</summary>
    public static ControlAuth Auto(string? password = null) => new AutoAuth(password);

    /// <summary>No authentication (a control port without CookieAuthentication or HashedControlPassword).</summary>
    public static ControlAuth None { get; } = new NullAuth();

    /// <summary>HASHEDPASSWORD: the plain password whose hash tor holds.</summary>
    public static ControlAuth Password(string password) => new PasswordAuth(password);

    /// <summary>COOKIE: send the cookie file's bytes. Path null: the one PROTOCOLINFO names.</summary>
    public static ControlAuth Cookie(string? cookieFile = null) => new CookieAuth(cookieFile);

    /// <summary>SAFECOOKIE: prove knowledge of the cookie with AUTHCHALLENGE and verify tor knows it too.</summary>
    public static ControlAuth SafeCookie(string? cookieFile = null) => new SafeCookieAuth(cookieFile);

    internal sealed record AutoAuth(string? FallbackPassword) : ControlAuth
    {
        public override string ToString() => "auto";
    }
    internal sealed record NullAuth : ControlAuth
    {
        public override string ToString() => "null";
    }
    internal sealed record PasswordAuth(string Secret) : ControlAuth
    {
        // Never print the password.
        public override string ToString() => "password";
    }
    internal sealed record CookieAuth(string? CookieFile) : ControlAuth;
    internal sealed record SafeCookieAuth(string? CookieFile) : ControlAuth;
}
