namespace OnionGroove.Control.Auth;

/// <summary>Authentication could not be done or was refused.</summary>
public sealed class ControlAuthenticationException(string message, Exception? inner = null) : Exception(message, inner);
