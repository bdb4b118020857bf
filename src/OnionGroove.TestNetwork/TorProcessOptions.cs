namespace OnionGroove.TestNetwork;

/// <summary>How to start one tor of a test network (see <see cref="TorProcess.StartAsync"/>).</summary>
public sealed record TorProcessOptions
{
    /// <summary>The tor binary (Debian: /usr/bin/tor via PATH).</summary>
    public string TorPath { get; init; } = "tor";

    /// <summary>How long to wait for the control port to appear.</summary>
    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Control-port authentication: cookie (default), a password (hashed with
    /// <c>tor --hash-password</c>), or none at all.</summary>
    public TorControlAuthMode ControlAuth { get; init; } = TorControlAuthMode.Cookie;

    /// <summary>The password when <see cref="ControlAuth"/> is <see cref="TorControlAuthMode.Password"/>.</summary>
    public string? ControlPassword { get; init; }

    /// <summary>Also listen on a control socket (DataDirectory/c, so the path stays short).</summary>
    public bool ControlSocket { get; init; }

    /// <summary>Open a SOCKS port on 127.0.0.1 (IsolateSOCKSAuth, ExtendedErrors).</summary>
    public bool Socks { get; init; }
}

public enum TorControlAuthMode { Cookie, Password, None }
