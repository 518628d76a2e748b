using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Caio.Hosting;
using Caio.State;
using Caio.State.Redis;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Caio.Worker.Commands;

/// <summary>
/// <c>state migrate --from file --to redis [--state-dir DIR] [--json]</c>: copies every family of the file
/// state directory into Redis (<c>REDIS_URL</c>, <c>Caio:Redis:*</c>). Idempotent: a second run copies
/// nothing and says so. Exit 1 with <c>"ok": false</c> and the failing keys on any error.
/// </summary>
internal static class StateMigrateCommand
{
    public static Command Create(CliContext cli)
    {
        var from = new Option<string>("--from") { Description = "Backend to copy from: file.", Required = true };
        from.AcceptOnlyFromAmong("file");
        var to = new Option<string>("--to") { Description = "Backend to copy into: redis (REDIS_URL).", Required = true };
        to.AcceptOnlyFromAmong("redis");
        var json = new Option<bool>("--json") { Description = "Print JSON." };
        var command = new Command("migrate", "Copy the file state directory into Redis (idempotent; safe to run again).") { from, to, json };
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var host = parse.BuildHost();
            var configuration = host.Services.GetRequiredService<IConfiguration>();
            var directory = host.Services.GetRequiredService<IOptions<CaioOptions>>().Value.StateDirectory;
            if (!Directory.Exists(directory))
            {
                throw new UsageException($"--state-dir: '{directory}' does not exist; nothing to migrate.");
            }

            var options = new RedisStateOptions();
            configuration.GetSection(RedisStateOptions.SectionName).Bind(options);
            options.ConnectionString = configuration["REDIS_URL"] is { Length: > 0 } url ? url : options.ConnectionString;
            if (string.IsNullOrWhiteSpace(options.ConnectionString))
            {
                throw new UsageException("REDIS_URL (Caio:Redis:ConnectionString) is required by 'state migrate --to redis'.");
            }

            var time = host.Services.GetRequiredService<TimeProvider>();
            var source = new FileStateStore(new FileStateStoreOptions { Directory = directory }, time);
            await using var target = RedisStateStore.Connect(options, time);
            var report = await StateMigration.FromFilesAsync(source, target, cancellationToken);
            if (parse.GetValue(json))
            {
                await cli.Out.WriteLineAsync(ToJson(report));
            }
            else
            {
                foreach (var family in StateMigration.Families)
                {
                    await cli.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{family}: migrated {report.Migrated[family]}, skipped {report.Skipped[family]}"));
                }

                var total = report.Migrated.Values.Sum();
                await cli.Out.WriteLineAsync(report.Ok
                    ? (total == 0 ? "nothing to migrate: Redis already has everything" : string.Create(CultureInfo.InvariantCulture, $"migrated {total} entries to {target.Endpoint}"))
                    : string.Create(CultureInfo.InvariantCulture, $"{report.Errors.Count} errors"));
                foreach (var error in report.Errors)
                {
                    await cli.Error.WriteLineAsync($"failed: {error.Key}: {error.Error}");
                }
            }

            return report.Ok ? CaioCli.Ok : CaioCli.Failure;
        });
        return command;
    }

    /// <summary><c>{"ok": true, "migrated": {family: count}, "skipped": {...}, "errors": 0}</c>, plus <c>"failed"</c> keys when not ok.</summary>
    private static string ToJson(StateMigrationReport report)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteBoolean("ok", report.Ok);
            WriteCounts(writer, "migrated", report.Migrated);
            WriteCounts(writer, "skipped", report.Skipped);
            writer.WriteNumber("errors", report.Errors.Count);
            if (!report.Ok)
            {
                writer.WriteStartArray("failed");
                foreach (var error in report.Errors)
                {
                    writer.WriteStartObject();
                    writer.WriteString("key", error.Key);
                    writer.WriteString("error", error.Error);
                    writer.WriteEndObject();
                }

                writer.WriteEndArray();
            }

            writer.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void WriteCounts(Utf8JsonWriter writer, string name, IReadOnlyDictionary<string, long> counts)
    {
        writer.WriteStartObject(name);
        foreach (var (family, count) in counts)
        {
            writer.WriteNumber(family, count);
        }

        writer.WriteEndObject();
    }
}
