using System.Runtime.CompilerServices;
using Caio.State;

namespace Caio.Audit;

/// <summary>Audit trail on the state abstraction's append-only logs <c>audit</c> and <c>feedback</c> (JSONL on the file backend).</summary>
/// <param name="store">State backend.</param>
public sealed class AuditLog(IStateStore store) : IAuditLog
{
    /// <summary>Name of the audit log.</summary>
    public const string AuditLogName = "audit";

    /// <summary>Name of the feedback log.</summary>
    public const string FeedbackLogName = "feedback";

    /// <inheritdoc />
    public async ValueTask AppendAsync(AuditRecord record, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        await store.AppendJsonAsync(AuditLogName, record, AuditJsonContext.Default.AuditRecord, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask AppendFeedbackAsync(FeedbackSignal signal, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(signal);
        await store.AppendJsonAsync(FeedbackLogName, signal, AuditJsonContext.Default.FeedbackSignal, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask AppendManyAsync(IReadOnlyList<AuditRecord> records, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(records);
        if (records.Count > 0)
        {
            await store.AppendJsonManyAsync(AuditLogName, records, AuditJsonContext.Default.AuditRecord, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public async ValueTask AppendFeedbackManyAsync(IReadOnlyList<FeedbackSignal> signals, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(signals);
        if (signals.Count > 0)
        {
            await store.AppendJsonManyAsync(FeedbackLogName, signals, AuditJsonContext.Default.FeedbackSignal, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<AuditRecord> ReadAsync(long fromPosition = 0, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var (_, record) in store.ReadLogJsonAsync(AuditLogName, AuditJsonContext.Default.AuditRecord, fromPosition, cancellationToken).ConfigureAwait(false))
        {
            yield return record;
        }
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<FeedbackSignal> ReadFeedbackAsync(long fromPosition = 0, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var (_, signal) in store.ReadLogJsonAsync(FeedbackLogName, AuditJsonContext.Default.FeedbackSignal, fromPosition, cancellationToken).ConfigureAwait(false))
        {
            yield return signal;
        }
    }
}
