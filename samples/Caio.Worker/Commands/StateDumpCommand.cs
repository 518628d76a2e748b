using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Caio.State;
using Microsoft.Extensions.DependencyInjection;

namespace Caio.Worker.Commands;

/// <summary>
/// <c>state dump [--family F] [--json]</c>: prints every live record of the state backend (or of one key
/// family), whichever layout holds it — record documents or record segments on the file backend — in key
/// order, one per line. Text: <c>key  version  [expires]  value</c>; <c>--json</c>: JSON Lines of
/// <c>{"key","version","expiresAt","value"}</c>. Streams: memory does not grow with the state.
/// </summary>
internal static class StateDumpCommand
{
    public static Command Create(CliContext cli)
    {
        var family = new Option<string?>("--family") { Description = "Only records of this key family (the key's first ':' segment), e.g. queue." };
        var json = new Option<bool>("--json") { Description = "Print JSON Lines, one record per line." };
        var command = new Command("dump", "Print the records of the state, one per line (inspection; reads only).") { family, json };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var only = parse.GetValue(family);
            if (only is not null && !IsFamily(only))
            {
                throw new UsageException($"--family: '{only}' is not a key family (letters, digits and _ . @ + - , without ':').");
            }

            using var host = parse.BuildStateHost();
            var store = host.Services.GetRequiredService<IStateStore>();
            var asJson = parse.GetValue(json);
            var count = 0L;
            await foreach (var key in store.ListKeysAsync(only ?? string.Empty, cancellationToken))
            {
                if (only is not null && !(key.Length == only.Length || key[only.Length] == ':'))
                {
                    continue; // another family sharing the prefix
                }

                if (await store.GetAsync(key, cancellationToken) is not { } entry)
                {
                    continue; // deleted or expired since it was listed
                }

                await cli.Out.WriteLineAsync(asJson ? ToJson(entry) : ToText(entry));
                count++;
            }

            if (!asJson)
            {
                await cli.Error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{count} records"));
            }

            return CaioCli.Ok;
        });
        return command;
    }

    private static bool IsFamily(string value) =>
        value.Length > 0 && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '@' or '+' or '-');

    private static string ToText(StateEntry entry) =>
        string.Create(CultureInfo.InvariantCulture, $"{entry.Key}  v{entry.Version}  {(entry.ExpiresAt is { } at ? "expires " + at.ToString("O", CultureInfo.InvariantCulture) + "  " : string.Empty)}{Encoding.UTF8.GetString(entry.Value.Span)}");

    private static string ToJson(StateEntry entry)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("key", entry.Key);
            writer.WriteNumber("version", entry.Version);
            if (entry.ExpiresAt is { } at)
            {
                writer.WriteString("expiresAt", at);
            }
            else
            {
                writer.WriteNull("expiresAt");
            }

            writer.WritePropertyName("value");
            writer.WriteRawValue(entry.Value.Span, skipInputValidation: true);
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}
