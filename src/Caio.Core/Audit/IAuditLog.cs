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
