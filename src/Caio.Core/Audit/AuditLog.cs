using System.Runtime.CompilerServices;
using Caio.State;

namespace Caio.Audit;

/// <summary>The append-only audit trail and the feedback-signal stream.</summary>
public interface IAuditLog
{
    /// <summary>Appends an audit record.</summary>
    /// <param name="record">The record.</param>
    /// <param name="cancellationToken">Cancels the append.</param>
    /// <returns>A task that completes when the record is durable.</returns>
    ValueTask AppendAsync(AuditRecord record, CancellationToken cancellationToken = default);

    /// <summary>Appends a feedback signal.</summary>
    /// <param name="signal">The signal.</param>
    /// <param name="cancellationToken">Cancels the append.</param>
    /// <returns>A task that completes when the signal is durable.</returns>
    ValueTask AppendFeedbackAsync(FeedbackSignal signal, CancellationToken cancellationToken = default);

    /// <summary>
    /// Appends several audit records as one group (one write and one flush on the file backend). This
    /// default appends them one by one.
    /// </summary>
    /// <param name="records">The records, in order.</param>
    /// <param name="cancellationToken">Cancels the append.</param>
    /// <returns>A task that completes when the records are durable.</returns>
    async ValueTask AppendManyAsync(IReadOnlyList<AuditRecord> records, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(records);
        foreach (var record in records)
        {
            await AppendAsync(record, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Appends several feedback signals as one group. This default appends them one by one.</summary>
    /// <param name="signals">The signals, in order.</param>
    /// <param name="cancellationToken">Cancels the append.</param>
    /// <returns>A task that completes when the signals are durable.</returns>
    async ValueTask AppendFeedbackManyAsync(IReadOnlyList<FeedbackSignal> signals, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(signals);
        foreach (var signal in signals)
        {
            await AppendFeedbackAsync(signal, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Reads the audit trail from a position.</summary>
    /// <param name="fromPosition">First position.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>Records in order.</returns>
    IAsyncEnumerable<AuditRecord> ReadAsync(long fromPosition = 0, CancellationToken cancellationToken = default);

    /// <summary>Reads the feedback stream from a position.</summary>
    /// <param name="fromPosition">First position.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>Signals in order.</returns>
    IAsyncEnumerable<FeedbackSignal> ReadFeedbackAsync(long fromPosition = 0, CancellationToken cancellationToken = default);
}

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
