using System.Security.Cryptography;
using System.Text;
using OnionGroove.Control.Protocol;

namespace OnionGroove.Control.Auth;

/// <summary>Runs PROTOCOLINFO and AUTHENTICATE over a fresh connection (control-spec §3.5, §3.21, §3.24).</summary>
internal static class Authenticator
{
    private const int CookieLength = 32;
    private static readonly byte[] ServerToController = "Tor safe cookie authentication server-to-controller hash"u8.ToArray();
    private static readonly byte[] ControllerToServer = "Tor safe cookie authentication controller-to-server hash"u8.ToArray();

    public static async Task<ProtocolInfo> AuthenticateAsync(TorControlConnection c, ControlAuth auth, CancellationToken ct)
    {
        var reply = await c.SendAsync("PROTOCOLINFO 1", null, ct).ConfigureAwait(false);
        if (!ProtocolInfo.Parse(reply).TryGet(out var info, out var error)) throw new ControlAuthenticationException(error.Message);
        var chosen = Choose(auth, info);
        switch (chosen)
        {
            case ControlAuth.NullAuth:
                await Send(c, "AUTHENTICATE", ct).ConfigureAwait(false);
                break;
            case ControlAuth.PasswordAuth p:
                await Send(c, "AUTHENTICATE " + ControlQuoting.Quote(p.Secret), ct).ConfigureAwait(false);
                break;
            case ControlAuth.CookieAuth ck:
            {
                var cookie = ReadCookie(ck.CookieFile ?? info.CookieFile);
                try { await Send(c, "AUTHENTICATE " + Convert.ToHexString(cookie), ct).ConfigureAwait(false); }
                finally { CryptographicOperations.ZeroMemory(cookie); }
                break;
            }
            case ControlAuth.SafeCookieAuth sc:
                await SafeCookieAsync(c, ReadCookie(sc.CookieFile ?? info.CookieFile), ct).ConfigureAwait(false);
                break;
            default:
                throw new ControlAuthenticationException($"unsupported authentication {chosen}");
        }
        return info;
    }

    internal static ControlAuth Choose(ControlAuth requested, ProtocolInfo info)
    {
        if (requested is not ControlAuth.AutoAuth auto) return requested;
        var m = info.Methods;
        if (m.HasFlag(AuthMethods.Null)) return ControlAuth.None;
        var cookieReadable = info.CookieFile is { } f && File.Exists(f);
        if (m.HasFlag(AuthMethods.SafeCookie) && cookieReadable) return ControlAuth.SafeCookie();
        if (m.HasFlag(AuthMethods.Cookie) && cookieReadable) return ControlAuth.Cookie();
        if (m.HasFlag(AuthMethods.HashedPassword) && auto.FallbackPassword is not null) return ControlAuth.Password(auto.FallbackPassword);
        if (m.HasFlag(AuthMethods.HashedPassword))
            throw new ControlAuthenticationException("tor wants a control password and none was given");
        if (m.HasFlag(AuthMethods.Cookie) || m.HasFlag(AuthMethods.SafeCookie))
            throw new ControlAuthenticationException($"tor wants cookie authentication but cannot read the cookie file {info.CookieFile ?? "(none named)"}");
        throw new ControlAuthenticationException($"no supported authentication method offered ({m})");
    }

    private static async Task Send(TorControlConnection c, string line, CancellationToken ct)
    {
        var reply = await c.SendAsync(line, null, ct).ConfigureAwait(false);
        if (!reply.IsSuccess) throw new ControlAuthenticationException($"tor refused authentication: {reply.Status} {reply.EndText}");
    }

    private static byte[] ReadCookie(string? path)
    {
        if (path is null) throw new ControlAuthenticationException("tor named no cookie file and none was configured");
        byte[] cookie;
        try
        {
            using var f = File.OpenRead(path);
            if (f.Length != CookieLength) throw new ControlAuthenticationException($"cookie file {path} is {f.Length} bytes, expected {CookieLength}");
            cookie = new byte[CookieLength];
            f.ReadExactly(cookie);
        }
        catch (IOException e) { throw new ControlAuthenticationException($"cannot read cookie file {path}: {e.Message}", e); }
        catch (UnauthorizedAccessException e) { throw new ControlAuthenticationException($"cannot read cookie file {path}: {e.Message}", e); }
        return cookie;
    }

    private static async Task SafeCookieAsync(TorControlConnection c, byte[] cookie, CancellationToken ct)
    {
        var clientNonce = RandomNumberGenerator.GetBytes(32);
        try
        {
            var reply = await c.SendAsync("AUTHCHALLENGE SAFECOOKIE " + Convert.ToHexString(clientNonce), null, ct).ConfigureAwait(false);
            if (!reply.IsSuccess) throw new ControlAuthenticationException($"AUTHCHALLENGE refused: {reply.Status} {reply.EndText}");
            var text = reply.EndText;
            if (!text.StartsWith("AUTHCHALLENGE ", StringComparison.Ordinal) ||
                !ReplyArguments.Parse(text["AUTHCHALLENGE ".Length..]).TryGet(out var args, out _) ||
                !TryHex(args["SERVERHASH"], 32, out var serverHash) || !TryHex(args["SERVERNONCE"], 32, out var serverNonce))
                throw new ControlAuthenticationException("malformed AUTHCHALLENGE reply");

            // control-spec §3.24: both hashes are HMAC-SHA256 over CookieString | ClientNonce | ServerNonce.
            var material = new byte[cookie.Length + clientNonce.Length + serverNonce.Length];
            try
            {
                cookie.CopyTo(material, 0);
                clientNonce.CopyTo(material, cookie.Length);
                serverNonce.CopyTo(material, cookie.Length + clientNonce.Length);
                var expected = HMACSHA256.HashData(ServerToController, material);
                // A server that cannot produce this hash does not know the cookie: do not reveal ours.
                if (!CryptographicOperations.FixedTimeEquals(expected, serverHash))
                    throw new ControlAuthenticationException("tor's SAFECOOKIE server hash is wrong: the cookie file does not belong to this tor");
                var clientHash = HMACSHA256.HashData(ControllerToServer, material);
                await Send(c, "AUTHENTICATE " + Convert.ToHexString(clientHash), ct).ConfigureAwait(false);
            }
            finally { CryptographicOperations.ZeroMemory(material); }
        }
        finally { CryptographicOperations.ZeroMemory(cookie); }
    }

    private static bool TryHex(string? s, int length, out byte[] bytes)
    {
        bytes = [];
        if (s is null || s.Length != length * 2 || !s.All(char.IsAsciiHexDigit)) return false;
        bytes = Convert.FromHexString(s);
        return true;
    }
}
