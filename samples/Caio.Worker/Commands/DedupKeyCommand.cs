using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Serialization;
using Caio.Dedup;
using Microsoft.Extensions.DependencyInjection;

namespace Caio.Worker.Commands;

/// <summary><c>dedup-key ADDRESS… [--json]</c>: the canonical dedup key of each address, or <c>invalid: &lt;reason&gt;</c>.</summary>
internal static class DedupKeyCommand
{
    public static Command Create(CliContext cli)
    {
        var addresses = new Argument<string[]>("address") { Description = "One or more email addresses.", Arity = ArgumentArity.OneOrMore };
        var json = new Option<bool>("--json") { Description = "Print a JSON array of {address, key, reason}." };
        var command = new Command("dedup-key", "Print the canonical dedup key of email addresses.") { addresses, json };
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var host = parse.BuildHost();
            var canonicalizer = host.Services.GetRequiredService<EmailCanonicalizer>();
            var lines = new List<DedupKeyLine>();
            foreach (var address in parse.GetValue(addresses)!)
            {
                lines.Add(canonicalizer.TryCreateKey(address, out var key, out var reason)
                    ? new DedupKeyLine(address, key.Value, null)
                    : new DedupKeyLine(address, null, reason.ToWireName()));
            }

            if (parse.GetValue(json))
            {
                await cli.Out.WriteLineAsync(JsonSerializer.Serialize(lines, WorkerJsonContext.Default.ListDedupKeyLine));
            }
            else
            {
                foreach (var line in lines)
                {
                    await cli.Out.WriteLineAsync(line.Key ?? "invalid: " + line.Reason);
                }
            }

            return CaioCli.Ok;
        });
        return command;
    }
}

internal sealed record DedupKeyLine(
    [property: JsonPropertyName("address")] string Address,
    [property: JsonPropertyName("key")] string? Key,
    [property: JsonPropertyName("reason")] string? Reason);
