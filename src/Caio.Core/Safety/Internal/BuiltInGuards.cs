namespace Caio.Safety.Internal;

/// <summary>Layer 1: the emergency stop. Fails closed when the stop cannot be read.</summary>
internal sealed class EmergencyStopGuard(IEmergencyStop stop) : ISendGuard
{
    public string Name => "emergency_stop";

    public ValueTask<GuardEvaluation> EvaluateAsync(SendContext context, CancellationToken cancellationToken = default)
    {
        var check = CheckAsync(stop, cancellationToken);
        return check.IsCompletedSuccessfully ? new(check.Result) : Slow(check);

        static async ValueTask<GuardEvaluation> Slow(ValueTask<GuardDecision> pending) => await pending.ConfigureAwait(false);
    }

    /// <summary>The stop's decision; without an async frame when the status is read synchronously (an in-memory store).</summary>
    internal static ValueTask<GuardDecision> CheckAsync(IEmergencyStop stop, CancellationToken cancellationToken)
    {
        ValueTask<EmergencyStopStatus> read;
        try
        {
            read = stop.GetStatusAsync(cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex)
        {
            return new(Unreadable(ex));
        }

        return read.IsCompletedSuccessfully ? new(Decide(read.Result)) : SlowAsync(read, cancellationToken);
    }

    private static async ValueTask<GuardDecision> SlowAsync(ValueTask<EmergencyStopStatus> read, CancellationToken cancellationToken)
    {
        EmergencyStopStatus status;
        try
        {
            status = await read.ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex)
        {
            return Unreadable(ex);
        }

        return Decide(status);
    }

    private static GuardDecision Unreadable(Exception ex) =>
        GuardDecision.Deny(ReasonCodes.EmergencyStopUnreadable, $"emergency stop could not be read: {ex.Message}");

    private static GuardDecision Decide(EmergencyStopStatus status)
    {
        if (!status.Stopped)
        {
            return GuardDecision.Allow;
        }

        var detail = status.Source switch
        {
            EmergencyStopSource.Runtime => $"engaged by {status.By ?? "unknown"}{(status.Reason is null ? string.Empty : ": " + status.Reason)}",
            _ => status.Reason,
        };
        return GuardDecision.Deny(status.ReasonCode ?? ReasonCodes.EmergencyStop, detail);
    }
}

/// <summary>Layer 2: dry-run unless live; shadow mode never sends.</summary>
internal sealed class ModeGuard(bool shadowMode) : ISendGuard
{
    public string Name => "mode";

    public ValueTask<GuardEvaluation> EvaluateAsync(SendContext context, CancellationToken cancellationToken = default)
    {
        if (!context.Live)
        {
            return new(GuardDecision.Deny(ReasonCodes.DryRun, "dry run: pass --live to send"));
        }

        return shadowMode
            ? new(GuardDecision.Deny(ReasonCodes.ShadowMode, "shadow mode: written to the outbox instead"))
            : new(GuardEvaluation.Allowed);
    }
}

/// <summary>
/// Layer 3: sandbox work only on sandbox channels; live sends only from an approved, unexpired,
/// hash-verified batch that holds the action.
/// </summary>
internal sealed class GatekeeperGuard(TimeProvider timeProvider) : ISendGuard
{
    public string Name => "gatekeeper";

    public ValueTask<GuardEvaluation> EvaluateAsync(SendContext context, CancellationToken cancellationToken = default) =>
        new(Check(context));

    private GuardDecision Check(SendContext context)
    {
        // Sandbox approvals never reach a real channel, in a dry run either (so the dry run says so).
        if (context.SandboxWork && !context.SandboxChannel)
        {
            return GuardDecision.Deny(ReasonCodes.SandboxOnly, "sandbox work (approved by the sandbox) is sent only on sandbox channels");
        }

        if (!context.Live)
        {
            return GuardDecision.Allow;
        }

        var batch = context.Batch;
        if (batch is null)
        {
            return GuardDecision.Deny(ReasonCodes.BatchNotApproved, "live send without a dispatch batch");
        }

        if (!batch.Approved)
        {
            return GuardDecision.Deny(ReasonCodes.BatchNotApproved, $"batch {batch.BatchId} is not approved");
        }

        if (timeProvider.GetUtcNow() >= batch.ExpiresAt)
        {
            return GuardDecision.Deny(ReasonCodes.BatchExpired, $"batch {batch.BatchId} expired at {batch.ExpiresAt:O}");
        }

        if (!batch.HashVerified)
        {
            return GuardDecision.Deny(ReasonCodes.BatchHashMismatch, $"batch {batch.BatchId} preview hash does not match");
        }

        if (!batch.InScope || (context.BatchId is not null && !string.Equals(context.BatchId, batch.BatchId, StringComparison.Ordinal)))
        {
            return GuardDecision.Deny(ReasonCodes.NotInBatchScope, $"action is not in batch {batch.BatchId}");
        }

        return GuardDecision.Allow;
    }
}

/// <summary>Layer 5: terminal statuses and steps already sent, from the contact history.</summary>
internal sealed class HistoryGuard(ContactHistory history) : ISendGuard
{
    public string Name => "history";

    public ValueTask<GuardEvaluation> EvaluateAsync(SendContext context, CancellationToken cancellationToken = default)
    {
        var check = history.CheckAsync(context.RecipientKey, context.Step, cancellationToken);
        return check.IsCompletedSuccessfully ? new(check.Result) : Slow(check);

        static async ValueTask<GuardEvaluation> Slow(ValueTask<GuardDecision> pending) => await pending.ConfigureAwait(false);
    }
}

/// <summary>Layer 7: volume caps and minimum gap.</summary>
internal sealed class CapGuard(SendCaps caps) : IReservingGuard
{
    public string Name => "caps";

    /// <summary>The caps, for the chain's joint reservation of the ramp and cap slots.</summary>
    internal SendCaps Caps => caps;

    public ValueTask<GuardEvaluation> EvaluateAsync(SendContext context, CancellationToken cancellationToken = default) =>
        caps.ReserveAsync(context, cancellationToken);

    public ValueTask<GuardEvaluation> LookAsync(SendContext context, CancellationToken cancellationToken) =>
        caps.ReserveAsync(context, dryRun: true, cancellationToken);
}

/// <summary>
/// A layer that takes slots. The chain looks at every such layer (reading only, whatever the send's mode)
/// before the first slot is taken.
/// </summary>
internal interface IReservingGuard : ISendGuard
{
    /// <summary>Evaluates as in <see cref="EvaluationMode.DryRun"/>: reads, takes nothing.</summary>
    ValueTask<GuardEvaluation> LookAsync(SendContext context, CancellationToken cancellationToken);
}

/// <summary>Layer 8: business hours on business days in the recipient's time zone.</summary>
internal sealed class SendWindowGuard : ISendGuard
{
    private readonly SendWindowOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly TimeZoneInfo _defaultZone;
    private readonly bool[] _businessDays = new bool[7];
    private OpenStretch? _open;

    public SendWindowGuard(SendWindowOptions options, TimeProvider timeProvider)
    {
        _options = options;
        _timeProvider = timeProvider;
        _defaultZone = ZonedTime.Find(options.DefaultTimeZone, "Caio:Safety:SendWindow:DefaultTimeZone");
        IEnumerable<DayOfWeek> days = options.BusinessDays.Count == 0
            ? [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday]
            : options.BusinessDays;
        foreach (var day in days)
        {
            _businessDays[(int)day] = true;
        }
    }

    public string Name => "send_window";

    public ValueTask<GuardEvaluation> EvaluateAsync(SendContext context, CancellationToken cancellationToken = default)
    {
        if (!_options.Enabled)
        {
            return new(GuardEvaluation.Allowed);
        }

        var zone = ZonedTime.TryFind(context.RecipientTimeZone, out var recipientZone) ? recipientZone : _defaultZone;
        var now = _timeProvider.GetUtcNow();

        // Inside a stretch of open hours found before for this zone: open, without converting the time again.
        var open = Volatile.Read(ref _open);
        if (open is not null && ReferenceEquals(open.Zone, zone) && now >= open.From && now < open.Until)
        {
            return new(GuardEvaluation.Allowed);
        }

        var opening = NextOpening(now, zone);
        if (opening is null)
        {
            RememberOpen(now, zone);
            return new(GuardEvaluation.Allowed);
        }

        return new(GuardDecision.Defer(opening.Value, ReasonCodes.OutsideSendWindow, $"outside business hours in {zone.Id}"));
    }

    /// <summary>
    /// Remembers that the window is open from <paramref name="now"/> until today's closing time in
    /// <paramref name="zone"/>, when the zone's offset is the same at both ends: local time then runs
    /// straight from <paramref name="now"/> (inside the window) to the closing time, so every instant
    /// between is inside too.
    /// </summary>
    private void RememberOpen(DateTimeOffset now, TimeZoneInfo zone)
    {
        var local = TimeZoneInfo.ConvertTime(now, zone);
        var closing = ZonedTime.ToInstant(DateOnly.FromDateTime(local.DateTime).ToDateTime(_options.End), zone);
        if (closing > now && zone.GetUtcOffset(closing) == local.Offset)
        {
            Volatile.Write(ref _open, new OpenStretch(zone, now, closing));
        }
    }

    /// <summary>An interval of instants known to lie inside the window in a zone.</summary>
    private sealed record OpenStretch(TimeZoneInfo Zone, DateTimeOffset From, DateTimeOffset Until);

    /// <summary>
    /// <see langword="null"/> when <paramref name="now"/> lies inside the window, otherwise the next
    /// opening in <paramref name="zone"/>.
    /// </summary>
    internal DateTimeOffset? NextOpening(DateTimeOffset now, TimeZoneInfo zone)
    {
        var local = TimeZoneInfo.ConvertTime(now, zone);
        var date = DateOnly.FromDateTime(local.DateTime);
        var time = TimeOnly.FromDateTime(local.DateTime);
        if (_businessDays[(int)date.DayOfWeek])
        {
            if (time >= _options.Start && time < _options.End)
            {
                return null;
            }

            if (time < _options.Start)
            {
                return ZonedTime.ToInstant(date.ToDateTime(_options.Start), zone);
            }
        }

        for (var i = 1; i <= 7; i++)
        {
            var next = date.AddDays(i);
            if (_businessDays[(int)next.DayOfWeek])
            {
                return ZonedTime.ToInstant(next.ToDateTime(_options.Start), zone);
            }
        }

        return null;
    }
}
