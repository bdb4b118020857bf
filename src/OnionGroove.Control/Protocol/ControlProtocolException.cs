namespace OnionGroove.Control.Protocol;

/// <summary>The peer broke the control protocol (malformed or oversized reply, unexpected reply,
/// closed connection, no reply in time). The connection is unusable afterwards.</summary>
public sealed class ControlProtocolException(string message, Exception? inner = null) : IOException(message, inner);
