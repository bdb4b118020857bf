namespace OnionGroove.TestNetwork;

/// <summary>A tor of the test network failed to start, exited, or did not reach the awaited state;
/// the message carries the end of its log.</summary>
public sealed class TorNetworkException(string message, Exception? inner = null) : Exception(message, inner);
