using OnionGroove.Core;
using OnionGroove.Crypto.Keys;

namespace OnionGroove.Crypto.Files;

/// <summary>
/// A client's key file in tor's <c>.auth_private</c> format (<c>&lt;address&gt;:descriptor:x25519:&lt;base32 key&gt;</c>,
/// tor's ClientOnionAuthDir): the first line that is neither blank nor a <c>#</c> comment. Errors never
/// echo the key.
/// </summary>
public static class AuthPrivateFile
{
    public enum FailureKind { Unreadable, Empty, Invalid }

    /// <summary>Why no key was read; <see cref="Message"/> is the system's or the parser's reason.</summary>
    public sealed record Failure(FailureKind Kind, string Message);

    /// <summary>The service the key is for, and the key (the caller disposes it).</summary>
    public static Result<(OnionAddress Service, ClientAuthSecretKey Key), Failure> Read(string path)
    {
        string text;
        try { text = File.ReadAllText(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return new Failure(FailureKind.Unreadable, e.Message);
        }
        var line = text.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.Length > 0 && !l.StartsWith('#'));
        if (line is null) return new Failure(FailureKind.Empty, "no key line");
        return ClientAuthSecretKey.TryParseAuthPrivateLine(line, out var service, out var key, out var error)
            ? (service, key)
            : new Failure(FailureKind.Invalid, error);
    }
}
