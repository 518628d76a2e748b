using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using System.Text.Json.Serialization;
using Caio.Batches;
using Caio.Safety;
using Caio.State;
using Microsoft.Extensions.Logging;

namespace Caio.Dispatch;

/// <summary>
/// Shares the actions of an executing batch between executors (decision 0008). Each action is taken
/// with a claim key <c>action-claim:&lt;batch id&gt;:&lt;action id&gt;</c>, inserted only if absent and
/// expiring after <see cref="OperatorOptions.ExecutionLeaseTtl"/>, so an executor that died gives its
/// actions up when their claims lapse. A final outcome is written into the claim, which then lives as
/// long as the batch, so no helping executor evaluates a settled action again in the same execution; a
/// deferral, a cancellation or an error deletes the claim, so the action is evaluated again.
/// </summary>
/// <remarks>
/// Work sharing is for throughput only: every send still goes through the safety chain (caps reserved
/// atomically) and the never-twice ledger reservation of (recipient, step), whichever executor makes it.
/// Built on <see cref="IStateStore"/> primitives alone, so it behaves the same on every backend.
/// </remarks>
internal sealed partial class ActionClaims(IStateStore store, BatchService batches, TimeProvider timeProvider, OperatorOptions options, ILogger logger)
{
    /// <summary>How often an executor looks again at an action another executor holds.</summary>
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);

    /// <summary>Refusals that are not an answer about the action itself: it is evaluated again, by any executor.</summary>
    private static readonly HashSet<string> Transient = new(StringComparer.Ordinal)
    {
        ReasonCodes.Cancelled,
        ReasonCodes.OperatorError,
        ReasonCodes.StateUnavailable,
        ReasonCodes.EmergencyStop,
        ReasonCodes.EmergencyStopUnreadable,
    };

    private readonly string _token = Guid.NewGuid().ToString("N");

    /// <summary>
    /// Runs one action of the batch this executor holds: waits while another executor holds the action,
    /// then claims it and runs <paramref name="send"/>. An action another executor already settled is run
    /// without a claim: <paramref name="send"/> reads the outcome from the item and the ledger, as a
    /// resumed execution always has.
    /// </summary>
    /// <remarks>
    /// The wait ends when the holder settles or gives up the claim, when the claim expires on the wall
    /// clock, or when the same open claim has stood for a whole <see cref="OperatorOptions.ExecutionLeaseTtl"/>
    /// of elapsed time (<see cref="TimeProvider.GetTimestamp"/>): then it is taken over with a
    /// compare-and-set, as an expired one would be; an open claim of this executor's own is taken back at
    /// once. So a wall clock that does not move (a fixed <c>--now</c>) cannot make an executor wait for
    /// ever on a claim whose holder died or failed to settle it. Taking a claim over never risks a second
    /// send: every send still reserves (recipient, step) in the ledger first.
    /// </remarks>
    public async Task<ActionOutcome> RunAsync(DispatchBatch batch, BatchAction action, Func<CancellationToken, Task<ActionOutcome>> send, CancellationToken cancellationToken)
    {
        var key = ClaimKey(batch.Id, action.ActionId);
        (long Version, long Since)? standing = null;
        while (true)
        {
            var (claimed, settled, holder) = await TryClaimAsync(batch.Id, action, cancellationToken).ConfigureAwait(false);
            if (settled is not null)
            {
                return await send(cancellationToken).ConfigureAwait(false);
            }

            if (claimed)
            {
                return await RunClaimedAsync(batch, action, send, cancellationToken).ConfigureAwait(false);
            }

            if (holder is { } open)
            {
                // An open claim of this executor's own is one an earlier pass failed to give up: nothing of
                // this executor runs the action now, so it is taken back at once. Another executor's claim is
                // taken over once the same version stood a whole lease of elapsed time.
                var now = timeProvider.GetTimestamp();
                standing = standing is { } seen && seen.Version == open.Version ? seen : (open.Version, now);
                var own = OwnsOpen(open.Claim);
                if ((own || timeProvider.GetElapsedTime(standing.Value.Since, now) >= options.ExecutionLeaseTtl)
                    && await store.CompareAndSetAsync(key, Claim(null), open.Version, timeProvider.GetUtcNow() + options.ExecutionLeaseTtl, cancellationToken).ConfigureAwait(false) is not null)
                {
                    if (!own)
                    {
                        LogClaimTakenOver(action.ActionId, batch.Id, options.ExecutionLeaseTtl);
                    }

                    return await RunClaimedAsync(batch, action, send, cancellationToken).ConfigureAwait(false);
                }
            }

            // Another executor is on it: its outcome is recorded when it ends, or its claim lapses.
            await Task.Delay(PollInterval, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Helps the executor that holds the batch: runs the actions of the executing batch that nobody has
    /// claimed or settled yet, from the end of the batch backwards (its holder works from the start).
    /// Returns the refusal <see cref="BatchRefusals.ClaimedByAnother"/> with the outcomes of the actions
    /// this run took, or without any when the batch is not executing (or no longer valid).
    /// </summary>
    public async Task<BatchDispatchReport> AssistAsync(string batchId, BatchMotion? motion, Func<DispatchBatch, BatchAction, CancellationToken, Task<ActionOutcome>> send, CancellationToken cancellationToken)
    {
        var report = new BatchDispatchReport { BatchId = batchId, Motion = motion, Refusal = BatchRefusals.ClaimedByAnother, Detail = "another executor holds this batch" };
        var now = timeProvider.GetUtcNow();
        var batch = await batches.GetAsync(batchId, cancellationToken).ConfigureAwait(false);
        if (batch is not { Status: BatchStatus.Executing } || batch.ExpiresAt <= now || (motion is { } wanted && wanted != batch.Motion) || !PreviewHash.Verify(batch.Scope, batch.PreviewHash))
        {
            return report;
        }

        var waiting = (batch.Deferred ?? []).Where(d => d.DeferUntil > now).Select(d => d.ActionId).ToHashSet(StringComparer.Ordinal);
        var actions = batch.Scope.Actions.Where(a => !waiting.Contains(a.ActionId)).Reverse().ToList();
        var outcomes = new ConcurrentBag<ActionOutcome>();
        var stopObserved = 0;
        await Parallel.ForEachAsync(
            actions,
            new ParallelOptions { MaxDegreeOfParallelism = options.MaxInFlight, CancellationToken = cancellationToken },
            async (action, token) =>
            {
                if (Volatile.Read(ref stopObserved) == 1 || !await batches.HoldsAsync(batch, BatchMessage.ItemIdOf(action), token).ConfigureAwait(false))
                {
                    return;
                }

                var (claimed, _, _) = await TryClaimAsync(batch.Id, action, token).ConfigureAwait(false);
                if (claimed)
                {
                    ActionOutcome outcome;
                    try
                    {
                        outcome = await RunClaimedAsync(batch, action, t => send(batch, action, t), token).ConfigureAwait(false);
                    }
                    catch (Exception ex) when (ex is not OperationCanceledException and not OutOfMemoryException)
                    {
                        // The claim is given up: the executor that holds the batch evaluates the action itself.
                        return;
                    }

                    if (outcome.Reason?.ToString() is ReasonCodes.EmergencyStop or ReasonCodes.EmergencyStopUnreadable)
                    {
                        Volatile.Write(ref stopObserved, 1);
                    }

                    outcomes.Add(outcome);
                }
            }).ConfigureAwait(false);

        return report with
        {
            Motion = batch.Motion,
            Detail = $"another executor holds this batch; this run shared {outcomes.Count} of its actions",
            Actions = [.. outcomes.OrderBy(o => o.ActionId, StringComparer.Ordinal)],
        };
    }

    /// <summary>The claim key of an action.</summary>
    internal static string ClaimKey(string batchId, string actionId) => $"action-claim:{batchId}:{actionId}";

    /// <summary>Claims the action when nobody holds it; otherwise answers its settled outcome, or the version of the open claim that stands.</summary>
    private async Task<(bool Claimed, ActionOutcome? Settled, (ActionClaim Claim, long Version)? Open)> TryClaimAsync(string batchId, BatchAction action, CancellationToken cancellationToken)
    {
        var key = ClaimKey(batchId, action.ActionId);
        if (await store.TryInsertAsync(key, Claim(null), timeProvider.GetUtcNow() + options.ExecutionLeaseTtl, cancellationToken).ConfigureAwait(false))
        {
            return (true, null, null);
        }

        var current = await store.GetJsonAsync(key, ActionClaimJsonContext.Default.ActionClaim, cancellationToken).ConfigureAwait(false);
        return current is { Value.Outcome: { } outcome } ? (false, outcome, null) : (false, null, current);
    }

    private async Task<ActionOutcome> RunClaimedAsync(DispatchBatch batch, BatchAction action, Func<CancellationToken, Task<ActionOutcome>> send, CancellationToken cancellationToken)
    {
        var key = ClaimKey(batch.Id, action.ActionId);
        ActionOutcome? outcome = null;
        try
        {
            outcome = await send(cancellationToken).ConfigureAwait(false);
            return outcome;
        }
        finally
        {
            await SettleClaimAsync(key, batch, outcome).ConfigureAwait(false);
        }
    }

    /// <summary>Writes a final outcome into this executor's claim, or gives the claim up; a claim another executor took over is left alone.</summary>
    private async Task SettleClaimAsync(string key, DispatchBatch batch, ActionOutcome? outcome)
    {
        try
        {
            await WriteSettlementAsync(key, batch, outcome).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // The claim lapses on its own after its TTL; the action's outcome is already in the item and the ledger.
        }
    }

    private async Task WriteSettlementAsync(string key, DispatchBatch batch, ActionOutcome? outcome)
    {
        var current = await store.GetJsonAsync(key, ActionClaimJsonContext.Default.ActionClaim, CancellationToken.None).ConfigureAwait(false);
        if (current is not { } held || !OwnsOpen(held.Value))
        {
            return;
        }

        if (GivesUp(outcome))
        {
            await store.DeleteAsync(key, held.Version, CancellationToken.None).ConfigureAwait(false);
            return;
        }

        await store.CompareAndSetAsync(key, Claim(outcome), held.Version, KeepUntil(batch), CancellationToken.None).ConfigureAwait(false);
    }

    /// <summary>Whether an action's claim is given up (deleted) rather than settled with the outcome.</summary>
    private static bool GivesUp([NotNullWhen(false)] ActionOutcome? outcome) =>
        outcome is null || outcome.Outcome == ActionOutcomes.Deferred || (outcome.Reason is { } reason && Transient.Contains(reason.ToString()));

    /// <summary>How long a settled claim is kept: as long as the batch, at least one lease.</summary>
    private DateTimeOffset KeepUntil(DispatchBatch batch)
    {
        var lease = timeProvider.GetUtcNow() + options.ExecutionLeaseTtl;
        return batch.ExpiresAt > lease ? batch.ExpiresAt : lease;
    }

    /// <summary>This executor's claim, open (no outcome) or settled.</summary>
    private byte[] Claim(ActionOutcome? outcome) => JsonSerializer.SerializeToUtf8Bytes(new ActionClaim(_token, outcome), ActionClaimJsonContext.Default.ActionClaim);

    [LoggerMessage(EventId = 310, Level = LogLevel.Warning, Message = "Claim of action {ActionId} in batch {BatchId} stood open for {Lease} of elapsed time without settling; this executor took it over")]
    private partial void LogClaimTakenOver(string actionId, string batchId, TimeSpan lease);

    /// <summary>Whether a claim is this executor's and still open.</summary>
    private bool OwnsOpen(ActionClaim claim) => string.Equals(claim.Owner, _token, StringComparison.Ordinal) && claim.Outcome is null;
}

/// <summary>An action's claim: the claiming executor's token and, once settled, the outcome.</summary>
/// <param name="Owner">Token of the executor's run.</param>
/// <param name="Outcome">The final outcome, once there is one.</param>
internal sealed record ActionClaim(
    [property: JsonPropertyName("owner")] string Owner,
    [property: JsonPropertyName("outcome")] ActionOutcome? Outcome);

/// <summary>Source-generated JSON metadata for action claims.</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ActionClaim))]
internal sealed partial class ActionClaimJsonContext : JsonSerializerContext;
