namespace OnionGroove.Probe.Doctor;

public enum DoctorStatus { Pass, Fail, Skip }

/// <summary>One item of the checklist for one target (a host, a site, the vault): what was found
/// and, when it failed or could not run, what to do about it.</summary>
public sealed record DoctorFinding(string Check, string Target, DoctorStatus Status, string Detail, string? Fix = null)
{
    public static DoctorFinding Pass(string check, string target, string detail) => new(check, target, DoctorStatus.Pass, detail);
    public static DoctorFinding Fail(string check, string target, string detail, string fix) => new(check, target, DoctorStatus.Fail, detail, fix);
    public static DoctorFinding Skip(string check, string target, string detail, string fix) => new(check, target, DoctorStatus.Skip, detail, fix);
}
