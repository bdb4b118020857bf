namespace OnionGroove.Control;

/// <summary>SIGNAL arguments (control-spec §3.7).</summary>
public enum TorSignal { Reload, Shutdown, Dump, Debug, Halt, ClearDnsCache, NewNym, Heartbeat, Dormant, Active }
