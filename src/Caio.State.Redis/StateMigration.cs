using System.Text.Json;
using Caio.State.Internal;

namespace Caio.State.Redis;

/// <summary>
/// Copies a file state directory into another store (Redis), family by family: records, counters,
/// indexes and logs. Idempotent: what the target already has is skipped, so a second run changes nothing
/// and reports everything as skipped. Leases are not copied (they belong to running processes; their
/// holders take new ones on the target).
/// </summary>
public static class StateMigration
{
    /// <summary>Family names of the report.</summary>
    public static readonly IReadOnlyList<string> Families = ["records", "counters", "indexes", "logs", "leases"];

    /// <summary>Copies <paramref name="source"/> into <paramref name="target"/>.</summary>
    /// <param name="source">The file backend to copy from.</param>
    /// <param name="target">The store to copy into.</param>
    /// <param name="cancellationToken">Cancels the copy (what was copied stays; a rerun continues).</param>
    /// <returns>Counts per family, and every key that failed with its error.</returns>
    public static async Task<StateMigrationReport> FromFilesAsync(FileStateStore source, IStateStore target, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(target);
        var report = new StateMigrationReport();
        var root = source.RootDirectory;

        await foreach (var key in source.ListKeysAsync(string.Empty, cancellationToken).ConfigureAwait(false))
        {
            await report.TryAsync("records", key, async () =>
            {
                var entry = await source.GetAsync(key, cancellationToken).ConfigureAwait(false);
                return entry is not null && await target.TryInsertAsync(key, entry.Value, entry.ExpiresAt, cancellationToken).ConfigureAwait(false);
            }).ConfigureAwait(false);
        }

        foreach (var path in Files(root, "counters", "*.json"))
        {
            var (key, expiresAt) = ReadCounterDocument(path);
            await report.TryAsync("counters", key ?? path, async () =>
            {
                var value = await source.GetCounterAsync(key ?? throw new InvalidDataException("unreadable counter document"), cancellationToken).ConfigureAwait(false);

                // Seeded only while the target's counter is 0: an increment bounded by the seed itself.
                return value > 0 && (await target.IncrementAsync(key, value, value, expiresAt, cancellationToken).ConfigureAwait(false)).Applied;
            }).ConfigureAwait(false);
        }

        foreach (var name in IndexNames(root, report))
        {
            HashSet<string> present;
            try
            {
                present = (await target.IndexRangeAsync(name, double.NegativeInfinity, double.PositiveInfinity, cancellationToken: cancellationToken).ConfigureAwait(false))
                    .Select(e => e.Member).ToHashSet(StringComparer.Ordinal);
            }
            catch (StateUnavailableException ex)
            {
                report.Fail(name, ex.Message);
                continue;
            }

            foreach (var entry in await source.IndexRangeAsync(name, double.NegativeInfinity, double.PositiveInfinity, cancellationToken: cancellationToken).ConfigureAwait(false))
            {
                await report.TryAsync("indexes", name + " " + entry.Member, async () =>
                {
                    if (present.Contains(entry.Member))
                    {
                        return false;
                    }

                    await target.IndexAddAsync(name, entry.Member, entry.Score, cancellationToken).ConfigureAwait(false);
                    return true;
                }).ConfigureAwait(false);
            }
        }

        foreach (var path in Files(root, "logs", "*.jsonl"))
        {
            if (!StateKeys.TryUnescape(Path.GetFileNameWithoutExtension(path), out var log))
            {
                report.Fail(path, "the log's name cannot be recovered from its file name");
                continue;
            }

            // Logs are append-only: the target's first N records are the source's first N.
            long copied = 0;
            try
            {
                await foreach (var _ in target.ReadLogAsync(log, 0, cancellationToken).ConfigureAwait(false))
                {
                    copied++;
                }
            }
            catch (StateUnavailableException ex)
            {
                report.Fail(log, ex.Message);
                continue;
            }

            report.Count("logs", skipped: copied);
            await foreach (var record in source.ReadLogAsync(log, copied, cancellationToken).ConfigureAwait(false))
            {
                await report.TryAsync("logs", $"{log}@{record.Position}", async () =>
                {
                    await target.AppendAsync(log, record.Value, cancellationToken).ConfigureAwait(false);
                    return true;
                }).ConfigureAwait(false);
            }
        }

        report.Count("leases", skipped: Files(root, "leases", "*.json").Count());
        return report;
    }

    private static IEnumerable<string> Files(string root, string folder, string pattern)
    {
        var directory = Path.Combine(root, folder);
        return Directory.Exists(directory)
            ? Directory.EnumerateFiles(directory, pattern, SearchOption.AllDirectories).Order(StringComparer.Ordinal)
            : [];
    }

    private static IEnumerable<string> IndexNames(string root, StateMigrationReport report)
    {
        var names = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var path in Files(root, "indexes", "*.json*"))
        {
            if (StateKeys.TryUnescape(Path.GetFileNameWithoutExtension(path), out var name))
            {
                names.Add(name);
            }
            else
            {
                report.Fail(path, "the index's name cannot be recovered from its file name");
            }
        }

        return names;
    }

    private static (string? Key, DateTimeOffset? ExpiresAt) ReadCounterDocument(string path)
    {
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(path));
            var root = document.RootElement;
            var key = root.TryGetProperty("key", out var k) ? k.GetString() : null;
            DateTimeOffset? expiresAt = root.TryGetProperty("expiresAt", out var e) && e.ValueKind == JsonValueKind.String ? e.GetDateTimeOffset() : null;
            return (key, expiresAt);
        }
        catch (Exception ex) when (ex is JsonException or IOException or FormatException)
        {
            return (null, null);
        }
    }
}
