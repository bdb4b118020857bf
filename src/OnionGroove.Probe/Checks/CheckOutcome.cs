namespace OnionGroove.Probe.Checks;

public enum CheckStatus { Ok, Warn, Fail }

/// <summary>One named check of a descriptor or of the site, and what it found.</summary>
public sealed record CheckOutcome(string Name, CheckStatus Status, string Detail)
{
    public static CheckOutcome Ok(string name, string detail) => new(name, CheckStatus.Ok, detail);
    public static CheckOutcome Warn(string name, string detail) => new(name, CheckStatus.Warn, detail);
    public static CheckOutcome Fail(string name, string detail) => new(name, CheckStatus.Fail, detail);
}
