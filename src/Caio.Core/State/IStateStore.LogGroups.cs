using System.Diagnostics.CodeAnalysis;
using Caio.Diagnostics;

namespace Caio.State;

public partial interface IStateStore
{
    /// <summary>
    /// Appends several records to an append-only log as one group, in order: the group commit of
    /// logs, as <see cref="CommitAsync"/> is for records. The file backend writes the lines with one
    /// write and one flush, Redis with one command, the in-memory store under one lock; no other
    /// append lands between them on those backends. After a crash the log holds whole records only:
    /// the group, or a leading part of it when the crash came before the flush.
    /// </summary>
    /// <remarks>
    /// The default appends the records one by one with <see cref="AppendAsync"/> (for stores that
    /// only wrap another one); the built-in backends replace it.
    /// </remarks>
    /// <param name="log">Log name, e.g. <c>audit</c>.</param>
    /// <param name="records">UTF-8 JSON documents (no line breaks), in order.</param>
    /// <param name="cancellationToken">Cancels the append before it starts.</param>
    /// <returns>The position of the first record (0-based), or the log's length when <paramref name="records"/> is empty.</returns>
    [Experimental(Experiments.StateGroupPrimitives)]
    async ValueTask<long> AppendManyAsync(string log, IReadOnlyList<ReadOnlyMemory<byte>> records, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(records);
        long? first = null;
        foreach (var record in records)
        {
            var position = await AppendAsync(log, record, cancellationToken).ConfigureAwait(false);
            first ??= position;
        }

        if (first is { } start)
        {
            return start;
        }

        long length = 0;
        await foreach (var _ in ReadLogAsync(log, 0, cancellationToken).ConfigureAwait(false))
        {
            length++;
        }

        return length;
    }
}
