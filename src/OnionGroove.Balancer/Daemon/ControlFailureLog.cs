using System.Net.Sockets;
using OnionGroove.Control.Auth;

namespace OnionGroove.Balancer.Daemon;

/// <summary>Says why tor's control port cannot be used (refused, missing socket, not tor, wrong
/// password or cookie) without flooding the log: the controller retries with back-off forever, so
/// each cause is logged once when it first appears, again only when the cause changes, and the
/// recovery once with the number of failed attempts.</summary>
public sealed class ControlFailureLog(string endpoint, Action<string> log)
{
    private readonly Lock _lock = new();
    private string? _cause;
    private int _attempts;

    public void Failed(Exception e)
    {
        var cause = Describe(e);
        lock (_lock)
        {
            _attempts++;
            if (cause == _cause) return;
            _cause = cause;
        }
        log($"cannot use tor's control port at {endpoint}: {cause} (retrying with back-off; logged again only if this changes)");
    }

    /// <summary>A connection succeeded: logs the recovery if failures were logged.</summary>
    public void Connected()
    {
        int attempts;
        lock (_lock)
        {
            if (_cause is null) return;
            attempts = _attempts;
            _cause = null;
            _attempts = 0;
        }
        log($"tor's control port at {endpoint} answers again after {attempts} failed attempt(s)");
    }

    internal static string Describe(Exception e) => e switch
    {
        ControlAuthenticationException a => "authentication failed: " + a.Message,
        SocketException s => s.Message + (s.SocketErrorCode == SocketError.ConnectionRefused ? " (is tor running, and is this its ControlPort?)" : ""),
        TimeoutException or OperationCanceledException => "no answer (is this tor's control port?)",
        IOException io when io.InnerException is SocketException s => s.Message,
        _ => e.Message,
    };
}
