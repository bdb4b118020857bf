namespace OnionGroove.Demo;

/// <summary>A program the demo drives could not be started (the CLI reports it as an external failure).</summary>
public sealed class DemoException(string message) : Exception(message);
