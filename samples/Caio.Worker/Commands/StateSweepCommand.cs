using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using Caio.Hosting;
using Caio.State;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Caio.Worker.Commands;

/// <summary>
/// <c>state sweep [--older-than 24h] [--json]</c>: removes from the file state directory the record and counter
/// documents that expired more than <c>--older-than</c> ago (<see cref="FileStateStore.RemoveExpiredAsync"/>).
/// Nothing any command reads changes; the directory stops growing with keys that are never written again.
/// </summary>
internal static class StateSweepCommand
{
    public static Command Create(CliContext cli)
    {
        var olderThan = new Option<string>("--older-than") { Description = "Remove what expired at least this long ago: 10m to 24h (e.g. 90m, 12h).", DefaultValueFactory = _ => "24h" };
        var json = new Option<bool>("--json") { Description = "Print JSON." };
        var command = new Command("sweep", "Remove the expired record and counter documents of the file state directory (maintenance; nothing read changes).") { olderThan, json };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var age = OperatorCommand.ParseDuration(parse.GetValue(olderThan)!, "--older-than");
            if (age < FileStateStore.MinimumExpiredAge)
            {
                throw new UsageException(string.Create(
                    CultureInfo.InvariantCulture,
                    $"--older-than: must be at least {FileStateStore.MinimumExpiredAge.TotalMinutes:0}m: processes sharing the state directory may disagree about the time by a few minutes."));
            }

            using var host = parse.BuildStateHost();
            var directory = Path.GetFullPath(host.Services.GetRequiredService<IOptions<CaioOptions>>().Value.StateDirectory);
            var store = new FileStateStore(new FileStateStoreOptions { Directory = directory }, host.Services.GetRequiredService<TimeProvider>());
            var removed = await store.RemoveExpiredAsync(age, cancellationToken);
            if (parse.GetValue(json))
            {
                await cli.Out.WriteLineAsync(new JsonObject
                {
                    ["records"] = removed.Records,
                    ["counters"] = removed.Counters,
                    ["unreadable"] = new JsonArray([.. removed.Unreadable.Select(path => (JsonNode)path)]),
                }.ToJsonString());
                return CaioCli.Ok;
            }

            await cli.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"removed {removed.Records} expired records and {removed.Counters} expired counters from {directory}"));
            foreach (var path in removed.Unreadable)
            {
                await cli.Error.WriteLineAsync($"unreadable, left in place for repair: {path}");
            }

            return CaioCli.Ok;
        });
        return command;
    }
}
