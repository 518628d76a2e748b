using System.CommandLine;

namespace Caio.Worker.Commands;

/// <summary><c>state …</c>: commands on the state backend itself. Each subcommand lives in its own file.</summary>
internal static class StateCommand
{
    public static Command Create(CliContext cli) =>
        new("state", "Work on the state backend itself (migration between backends, inspection, removing what expired).")
        {
            StateMigrateCommand.Create(cli),
            StateDumpCommand.Create(cli),
            StateSweepCommand.Create(cli),
        };
}
