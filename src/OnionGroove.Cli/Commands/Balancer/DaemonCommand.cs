using System.CommandLine;

namespace OnionGroove.Cli.Commands.Balancer;

/// <summary>A command that runs until stopped and handles SIGINT/SIGTERM itself: a requested stop
/// is its normal end (exit 0, what systemd expects), and stopping its tor may take longer than the
/// two seconds System.CommandLine allows before it forces exit code 130/143.</summary>
public sealed class DaemonCommand(string name, string description) : Command(name, description);
