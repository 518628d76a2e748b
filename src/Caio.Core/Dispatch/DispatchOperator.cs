using Caio.Batches;
using Caio.Dispatch.Internal;
using Caio.Leads;
using Caio.Safety;
using Caio.State;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Caio.Dispatch;

/// <summary>
/// The operator: runs approved dispatch batches through the safety chain and the send ledger to the
/// channels. Per action, in this order: safety chain (caps reserved atomically) → ledger reservation
/// of (recipient, step) → emergency stop re-checked → provider call with the idempotency key →
/// outcome recorded (sent, send_failed, or maybe_sent when the outcome is unknown). Nothing in
/// maybe_sent is ever resent automatically; <see cref="ReconcileAsync"/> settles it.
/// </summary>
/// <remarks>
/// This type chooses what a run does (which batches, which channels) and hands each batch to its
/// parts, all internal: the batch claim and the batch-execution loop (<c>Internal/BatchExecutor</c>),
/// the per-action send protocol (<c>Internal/SendProtocol</c>), outcome recording
/// (<c>Internal/OutcomeRecorder</c>) and reconciliation (<c>Internal/Reconciler</c>). Hosts get it
/// from dependency injection (<c>AddCaio</c>) or build one with <see cref="Create"/>.
/// </remarks>
public sealed partial class DispatchOperator
{
    /// <summary>Actor recorded for the operator's own audit entries.</summary>
    public const string SystemActor = "system:operator";

    private readonly BatchService _batches;
    private readonly IReadOnlyList<IDispatchChannel> _channels;
    private readonly TimeProvider _timeProvider;
    private readonly OperatorOptions _options;
    private readonly BatchExecutor _executor;
    private readonly Reconciler _reconciler;
    private readonly ILogger<DispatchOperator> _logger;

    private DispatchOperator(BatchService batches, IEnumerable<IDispatchChannel> channels, TimeProvider timeProvider, IOptions<OperatorOptions> options, BatchExecutor executor, Reconciler reconciler, ILogger<DispatchOperator> logger)
    {
        _batches = batches;
        _channels = [.. channels];
        _timeProvider = timeProvider;
        _options = options.Value;
        _executor = executor;
        _reconciler = reconciler;
        _logger = logger;
    }

    /// <summary>
    /// Creates an operator from the services <c>AddCaio</c> registers (batches, review queue, ledger,
    /// safety chain, channels, state, audit, alerts, clock, options). Each call returns a separate
    /// operator (another executor in the same process) over the same services.
    /// </summary>
    /// <param name="services">The service provider.</param>
    /// <returns>The operator.</returns>
    public static DispatchOperator Create(IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(services);
        var recorder = ActivatorUtilities.CreateInstance<OutcomeRecorder>(services);
        var protocol = ActivatorUtilities.CreateInstance<SendProtocol>(services, recorder);
        return new DispatchOperator(
            services.GetRequiredService<BatchService>(),
            services.GetServices<IDispatchChannel>(),
            services.GetRequiredService<TimeProvider>(),
            services.GetRequiredService<IOptions<OperatorOptions>>(),
            ActivatorUtilities.CreateInstance<BatchExecutor>(services, protocol, recorder),
            ActivatorUtilities.CreateInstance<Reconciler>(services, recorder),
            services.GetRequiredService<ILogger<DispatchOperator>>());
    }

    /// <summary>
    /// Runs the approved batches of a motion (or one batch). Without <see cref="OperatorRequest.Live"/>
    /// nothing is sent: every action is evaluated by every safety layer and reported as
    /// <c>would_send</c> or with the reasons it would be refused.
    /// </summary>
    /// <param name="request">What to run.</param>
    /// <param name="cancellationToken">Cancels the run; an interrupted batch stays executing and is resumed by the next run.</param>
    /// <returns>The report.</returns>
    public async Task<OperatorReport> RunAsync(OperatorRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        try
        {
            return await RunCheckedAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (StateUnavailableException ex)
        {
            // The shared state cannot be read or written: nothing is dispatched, and nothing stands in for it.
            LogStateUnavailable(ex, ex.Operation, ex.Endpoint);
            return new OperatorReport { Motion = request.Motion, Live = request.Live, Batches = [], Refusal = ReasonCodes.StateUnavailable, Note = ex.Message };
        }
    }

    /// <summary>
    /// Runs one batch live on the named channels like <see cref="RunAsync"/> with its
    /// <see cref="OperatorRequest.BatchId"/>, but without the expiry and orphaned-claim sweep over every
    /// batch and approved item that each <see cref="RunAsync"/> starts with: for a caller that ran that
    /// sweep once already and runs its own batches many times (the sandbox send stage's simulated day).
    /// The batch itself is still validated, expiry included, when it is claimed. With <paramref name="due"/>,
    /// only the earlier deferrals of those items are settled; the batch's other deferred actions keep theirs, and
    /// their items are not read: the claim of the run in which they come due validates them.
    /// </summary>
    internal async Task<BatchDispatchReport> RunBatchWithoutSweepAsync(string batchId, IReadOnlyList<string> channels, IReadOnlySet<string>? due, CancellationToken cancellationToken)
    {
        try
        {
            var selected = SelectChannels(channels);
            return selected.Count == 0
                ? new BatchDispatchReport { BatchId = batchId, Motion = null, Refusal = ReasonCodes.NoChannel, Detail = $"none of the requested channels ({string.Join(", ", channels)}) is registered; nothing was claimed" }
                : await _executor.ExecuteAsync(batchId, null, selected, null, cancellationToken, due).ConfigureAwait(false);
        }
        catch (StateUnavailableException ex)
        {
            LogStateUnavailable(ex, ex.Operation, ex.Endpoint);
            return new BatchDispatchReport { BatchId = batchId, Motion = null, Refusal = ReasonCodes.StateUnavailable, Detail = ex.Message };
        }
    }

    private async Task<OperatorReport> RunCheckedAsync(OperatorRequest request, CancellationToken cancellationToken)
    {
        var motions = request.Motion is { } one ? [one] : BatchMotions.All;
        if (!motions.All(BatchMotions.IsDefined))
        {
            throw new ArgumentException($"Unknown motion '{request.Motion?.ToWireName()}'. Expected outbound, cadence, revival or all (null).", nameof(request));
        }

        var channels = SelectChannels(request.Channels);
        if (request.Live && channels.Count == 0)
        {
            // Without any channel every action would be refused: refuse the run before a batch is claimed or expired.
            return await RefuseWithoutChannelAsync(request, motions, cancellationToken).ConfigureAwait(false);
        }

        if (request.Live)
        {
            // Expiry is a write: a dry run only reports batch_expired and changes nothing.
            await _batches.ExpireStaleAsync(cancellationToken).ConfigureAwait(false);
        }

        var reports = new List<BatchDispatchReport>();
        if (request.BatchId is { } batchId)
        {
            var motion = request.Motion;
            reports.Add(request.Live
                ? await _executor.ExecuteAsync(batchId, motion, SelectChannels(request.Channels, motion), request.WaitUpTo, cancellationToken).ConfigureAwait(false)
                : await _executor.DryRunAsync(batchId, motion, SelectChannels(request.Channels, motion), cancellationToken).ConfigureAwait(false));
            return new OperatorReport { Motion = request.Motion, Live = request.Live, Batches = reports };
        }

        var candidates = new List<DispatchBatch>();
        foreach (var status in request.Live ? new[] { BatchStatus.Executing, BatchStatus.Approved } : [BatchStatus.Approved])
        {
            candidates.AddRange((await _batches.ListAsync(status, cancellationToken).ConfigureAwait(false)).Where(b => motions.Contains(b.Motion)));
        }

        foreach (var batch in candidates.OrderBy(b => b.CreatedAt))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (request.Live && NextDeferral(batch) is { } next && next > _timeProvider.GetUtcNow() + (request.WaitUpTo ?? TimeSpan.Zero))
            {
                // An earlier run left only deferrals that cannot go yet: nothing to claim until then.
                reports.Add(new BatchDispatchReport { BatchId = batch.Id, Motion = batch.Motion, Detail = batch.Deferred!.Count == 1 ? $"1 deferred action waits in this batch; it can go at {next:O}" : $"{batch.Deferred.Count} deferred actions wait in this batch; the next can go at {next:O}" });
                continue;
            }

            reports.Add(request.Live
                ? await _executor.ExecuteAsync(batch.Id, batch.Motion, SelectChannels(request.Channels, batch.Motion), request.WaitUpTo, cancellationToken).ConfigureAwait(false)
                : await _executor.DryRunAsync(batch.Id, batch.Motion, SelectChannels(request.Channels, batch.Motion), cancellationToken).ConfigureAwait(false));
        }

        var note = reports.Count == 0 ? $"no approved {request.Motion?.ToWireName() ?? MotionOrAllJsonConverter.All} batch to run; create one with 'batch create' and approve it with 'batch approve'" : null;
        return new OperatorReport { Motion = request.Motion, Live = request.Live, Batches = reports, Note = note };
    }

    private async Task<OperatorReport> RefuseWithoutChannelAsync(OperatorRequest request, IReadOnlyList<BatchMotion> motions, CancellationToken cancellationToken)
    {
        var detail = request.Channels is { Count: > 0 } named
            ? $"none of the requested channels ({string.Join(", ", named)}) is registered; nothing was claimed"
            : "no real channel is registered (only the sandbox channels); register a provider channel, or rehearse with --channels sandbox; nothing was claimed";
        var batches = new List<BatchDispatchReport>();
        if (request.BatchId is { } batchId)
        {
            batches.Add(new BatchDispatchReport { BatchId = batchId, Motion = request.Motion, Refusal = ReasonCodes.NoChannel, Detail = detail });
        }
        else
        {
            foreach (var status in new[] { BatchStatus.Executing, BatchStatus.Approved })
            {
                foreach (var batch in (await _batches.ListAsync(status, cancellationToken).ConfigureAwait(false)).Where(b => motions.Contains(b.Motion)).OrderBy(b => b.CreatedAt))
                {
                    batches.Add(new BatchDispatchReport { BatchId = batch.Id, Motion = batch.Motion, Refusal = ReasonCodes.NoChannel, Detail = detail });
                }
            }
        }

        return new OperatorReport { Motion = request.Motion, Live = true, Batches = batches, Refusal = ReasonCodes.NoChannel, Note = detail };
    }

    /// <summary>
    /// Creates a batch like <see cref="BatchService.CreateAsync(BatchMotion, string, IReadOnlyCollection{string}?, CancellationToken)"/>
    /// and evaluates each of its actions through the safety chain without reserving anything: the
    /// result's <see cref="BatchOperationResult.Notices"/> lists the actions that cannot go out now,
    /// with the reason and, for a deferral, the time they would go.
    /// </summary>
    /// <param name="motion">The motion.</param>
    /// <param name="actor">Who creates it.</param>
    /// <param name="itemIds">The items to batch, or <see langword="null"/> for every waiting approved item.</param>
    /// <param name="channels">Channels to evaluate against, as in <see cref="OperatorRequest.Channels"/>.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The new batch with its notices, or the refusal.</returns>
    public async Task<BatchOperationResult> CreateBatchAsync(BatchMotion motion, string actor, IReadOnlyCollection<string>? itemIds = null, IReadOnlyList<string>? channels = null, CancellationToken cancellationToken = default)
    {
        var created = await _batches.CreateAsync(motion, actor, itemIds, cancellationToken).ConfigureAwait(false);
        if (!created.Succeeded)
        {
            return created;
        }

        var preview = await _executor.DryRunAsync(created.Batch!.Id, motion, SelectChannels(channels, motion), cancellationToken).ConfigureAwait(false);
        return created with
        {
            Notices = [.. preview.Actions
                .Where(a => a.Outcome is ActionOutcomes.Deferred or ActionOutcomes.Refused)
                .Select(a => new BatchActionNotice(a.ActionId, a.ItemId, a.RecipientKey, a.Channel, a.Outcome, a.Reason ?? ReasonCodes.SafetyCheckFailed, a.DeferUntil, a.Detail))],
        };
    }

    /// <summary>
    /// Settles maybe_sent sends (and reservations whose executor died) by asking the channel whether
    /// they went out: sent → the item is sent; not sent → the item becomes send_failed (a human may
    /// queue a new draft; it is never resent automatically); unknown → it stays maybe_sent. A
    /// reservation whose batch execution lease (<c>batch-exec:&lt;batch&gt;</c>) is still held belongs to
    /// a live executor and is left alone, however old it is; the lease is held while it is settled.
    /// Each answer is one commit (ledger entry, item status and, when sent, the contact history).
    /// The pass also repairs items left maybe_sent whose own ledger entry is already settled.
    /// </summary>
    /// <param name="cancellationToken">Cancels the pass.</param>
    /// <returns>The counts (entries left alone or changed meanwhile count as unknown).</returns>
    public Task<ReconcileReport> ReconcileAsync(CancellationToken cancellationToken = default) => _reconciler.ReconcileAsync(cancellationToken);

    /// <summary>For an approved batch that an earlier run left holding only deferred actions: when the first of them may go.</summary>
    private static DateTimeOffset? NextDeferral(DispatchBatch batch) =>
        batch.Status == BatchStatus.Approved && batch.Deferred is { Count: > 0 } deferred && deferred.All(d => d.DeferUntil is not null)
            ? deferred.Min(d => d.DeferUntil)
            : null;

    private IReadOnlyDictionary<Channel, IDispatchChannel> SelectChannels(IReadOnlyList<string>? requested, BatchMotion? motion = null)
    {
        var names = requested is { Count: > 0 } ? requested : [.. _options.Channels];
        var selected = new Dictionary<Channel, IDispatchChannel>();
        foreach (var channel in _channels)
        {
            var isSandbox = channel is SandboxChannel;
            var wanted = names.Count == 0
                ? !isSandbox
                : names.Any(n => string.Equals(n, channel.Name, StringComparison.OrdinalIgnoreCase) || (isSandbox && string.Equals(n, ChannelNames.Sandbox, StringComparison.OrdinalIgnoreCase)));
            if (wanted && (motion is not { } m || channel.Serves(m)))
            {
                selected.TryAdd(channel.Channel, channel);
            }
        }

        return selected;
    }

    [LoggerMessage(EventId = 309, Level = LogLevel.Error, Message = "Dispatch refused with state_unavailable: {Operation} on {Endpoint} failed; nothing is sent until the state backend answers")]
    private partial void LogStateUnavailable(Exception exception, string operation, string endpoint);
}
