using System.Buffers.Text;
using Caio.Safety.Internal;
using Caio.State;

namespace Caio.Safety;

/// <summary>
/// The enforcing path: the ramp's daily slot and every cap window of a send are taken with one
/// all-or-nothing group reservation (<see cref="IStateStore.ReserveCountersAsync"/>), then the minimum gap.
/// </summary>
public sealed partial class SendCaps
{
    private CounterGroup? _lastGroup;

    /// <summary>
    /// Reserves the ramp's daily slot (when <paramref name="ramp"/> is given and still ramping) and a slot in
    /// every cap window, all or nothing, then the minimum gap. Refuses with the first layer and window that is
    /// full, in the order the ramp and cap guards check them, and then holds nothing.
    /// </summary>
    internal async ValueTask<LayerOutcome> ReserveGroupAsync(RampTracker? ramp, SendContext context, CancellationToken cancellationToken)
    {
        // Which layer a state failure is reported by: the ramp while its reads and slot come first, as in
        // the layer-by-layer evaluation.
        var failingLayer = ramp is { Enabled: true } ? ReservingLayer.Ramp : ReservingLayer.Caps;
        try
        {
            string? rampKey = null;
            var rampDayEnd = default(DateTimeOffset);
            if (ramp is { Enabled: true })
            {
                var rampWindows = ramp.Clock.At(ramp.Now);
                if (!await ramp.IsGraduatedAsync(rampWindows, cancellationToken).ConfigureAwait(false))
                {
                    if (!ramp.IsTierAllowed(context.Tier))
                    {
                        return new LayerOutcome(ReservingLayer.Ramp, RampGuard.TierRestricted(ramp, context.Tier), null);
                    }

                    rampKey = ramp.DailyKey(context.Channel, rampWindows);
                    rampDayEnd = rampWindows.DayEnd;
                }
                else
                {
                    failingLayer = ReservingLayer.Caps;
                }
            }

            var now = _timeProvider.GetUtcNow();
            var group = GroupFor(context, now, ramp, rampKey, rampDayEnd);
            if (group.Counters.Length == 0)
            {
                failingLayer = ReservingLayer.Caps;
            }

            StateEntry? gap = null;
            if (group.GapKey is not null)
            {
                gap = await _store.GetAsync(group.GapKey, cancellationToken).ConfigureAwait(false);
                if (GapEnd(gap, now) is { } until)
                {
                    // Deferred by the gap unless a counter is full, which the layers check first: read them
                    // (this path is rare) so the refusal is the same as window by window, and take nothing.
                    for (var i = 0; i < group.Counters.Length; i++)
                    {
                        failingLayer = group.Windows[i] == CapWindow.Ramp ? ReservingLayer.Ramp : ReservingLayer.Caps;
                        if (await _store.GetCounterAsync(group.Counters[i].Key, cancellationToken).ConfigureAwait(false) >= group.Counters[i].Limit)
                        {
                            return Full(group, i, ramp);
                        }
                    }

                    return new LayerOutcome(ReservingLayer.Caps, GapDecision(until), null);
                }
            }

            var refused = group.Counters.Length == 0 ? -1 : await _store.ReserveCountersAsync(group.Counters, cancellationToken).ConfigureAwait(false);
            if (refused >= 0)
            {
                return Full(group, refused, ramp);
            }

            failingLayer = ReservingLayer.Caps;
            var reservation = new CapReservation(_store, _timeProvider, group.Keys);
            if (group.GapKey is not null)
            {
                // The first attempt starts from the gap read above; only a lost race goes round TakeGapAsync's loop.
                var until = now + _options.MinimumGap;
                var value = GapValue(until);
                var taken = await _store.CompareAndSetAsync(group.GapKey, value, gap?.Version ?? 0, until, cancellationToken).ConfigureAwait(false);
                if (taken is { } version)
                {
                    reservation.SetGap(group.GapKey, version, until);
                }
                else if (await TakeGapAsync(reservation, group.GapKey, value, until, now, cancellationToken).ConfigureAwait(false) is { } deferredUntil)
                {
                    await reservation.ReleaseAsync(CancellationToken.None).ConfigureAwait(false);
                    return new LayerOutcome(ReservingLayer.Caps, GapDecision(deferredUntil), null);
                }
            }

            return new LayerOutcome(ReservingLayer.None, GuardDecision.Allow, reservation.Count == 0 ? null : reservation);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex)
        {
            return new LayerOutcome(failingLayer, default, null, ex);
        }
    }

    /// <summary>The gap record's value: when the gap ends, in Unix milliseconds.</summary>
    private static ReadOnlyMemory<byte> GapValue(DateTimeOffset until)
    {
        var value = new byte[20];
        Utf8Formatter.TryFormat(until.ToUnixTimeMilliseconds(), value, out var written);
        return value.AsMemory(0, written);
    }

    /// <summary>
    /// Takes the gap slot after a first attempt lost a race: reads the record again and retries; returns
    /// <see langword="null"/> when taken, else the time the gap ends.
    /// </summary>
    private async ValueTask<DateTimeOffset?> TakeGapAsync(CapReservation reservation, string key, ReadOnlyMemory<byte> value, DateTimeOffset until, DateTimeOffset now, CancellationToken cancellationToken)
    {
        for (var attempt = 1; attempt < GapAttempts; attempt++)
        {
            var entry = await _store.GetAsync(key, cancellationToken).ConfigureAwait(false);
            if (GapEnd(entry, now) is { } next)
            {
                return next;
            }

            var version = await _store.CompareAndSetAsync(key, value, entry?.Version ?? 0, until, cancellationToken).ConfigureAwait(false);
            if (version is { } taken)
            {
                reservation.SetGap(key, taken, until);
                return null;
            }
        }

        return until;
    }

    /// <summary>When the gap recorded in <paramref name="entry"/> ends, if that is after <paramref name="now"/>.</summary>
    private static DateTimeOffset? GapEnd(StateEntry? entry, DateTimeOffset now)
    {
        if (entry is not null && Utf8Parser.TryParse(entry.Value.Span, out long nextMs, out _))
        {
            var next = DateTimeOffset.FromUnixTimeMilliseconds(nextMs);
            if (next > now)
            {
                return next;
            }
        }

        return null;
    }

    private GuardDecision GapDecision(DateTimeOffset until) =>
        GuardDecision.Defer(until, ReasonCodes.MinGap, $"minimum gap {_options.MinimumGap.TotalSeconds:0}s between sends");

    private LayerOutcome Full(CounterGroup group, int index, RampTracker? ramp)
    {
        var window = group.Windows[index];
        var w = group.ChannelKeys.Windows;
        var decision = window switch
        {
            CapWindow.Ramp => RampGuard.Full(ramp!, group.RampDayEnd),
            CapWindow.Monthly => GuardDecision.Defer(w.MonthEnd, ReasonCodes.CapMonthly, $"monthly cap {_options.Monthly} reached"),
            CapWindow.Daily => GuardDecision.Defer(w.DayEnd, ReasonCodes.CapDaily, $"daily cap {_options.Daily} reached"),
            CapWindow.Hourly => GuardDecision.Defer(w.HourEnd, ReasonCodes.CapHourly, $"hourly cap {_options.Hourly} reached"),
            CapWindow.DomainHourly => GuardDecision.Defer(w.HourEnd, ReasonCodes.CapDomainHourly, $"{_options.PerDomainPerHour} sends per domain per hour reached"),
            CapWindow.DomainBatch => GuardDecision.Deny(ReasonCodes.CapDomainBatch, $"{_options.PerDomainPerBatch} sends per domain per batch reached"),
            _ => GuardDecision.Defer(w.DayEnd, ReasonCodes.CapMailboxDaily, $"mailbox daily cap {_options.PerMailboxDaily} reached"),
        };
        return new LayerOutcome(window == CapWindow.Ramp ? ReservingLayer.Ramp : ReservingLayer.Caps, decision, null);
    }

    /// <summary>The counters of a send, remembered for the next send with the same keys (no allocation then).</summary>
    private CounterGroup GroupFor(SendContext context, DateTimeOffset now, RampTracker? ramp, string? rampKey, DateTimeOffset rampDayEnd)
    {
        var keys = KeysFor(context.Channel, now);
        var domain = keys.Domain(context);
        var batchId = context.Batch?.BatchId ?? context.BatchId;
        var batchKey = domain is not null && _options.PerDomainPerBatch is not null && !string.IsNullOrEmpty(batchId) ? keys.DomainBatchKey(batchId, domain) : null;
        var batchExpires = batchKey is null ? default : (context.Batch?.ExpiresAt ?? now).AddDays(2);
        var mailbox = string.IsNullOrWhiteSpace(context.Mailbox) ? null : keys.Mailbox(context.Mailbox);

        var cached = Volatile.Read(ref _lastGroup);
        if (cached is not null
            && ReferenceEquals(cached.ChannelKeys, keys)
            && ReferenceEquals(cached.Domain, domain)
            && ReferenceEquals(cached.Mailbox, mailbox)
            && ReferenceEquals(cached.BatchKey, batchKey)
            && cached.BatchExpires == batchExpires
            && ReferenceEquals(cached.RampKey, rampKey)
            && cached.RampDayEnd == rampDayEnd)
        {
            return cached;
        }

        var w = keys.Windows;
        var counters = new List<CounterReservation>(7);
        var windows = new List<CapWindow>(7);
        void Add(CapWindow window, string key, long limit, DateTimeOffset expiresAt)
        {
            counters.Add(new CounterReservation(key, limit, expiresAt));
            windows.Add(window);
        }

        if (rampKey is not null)
        {
            Add(CapWindow.Ramp, rampKey, ramp!.DailyLimit, rampDayEnd);
        }

        if (_options.Monthly is { } monthly)
        {
            Add(CapWindow.Monthly, keys.Monthly, monthly, w.MonthEnd);
        }

        if (_options.Daily is { } daily)
        {
            Add(CapWindow.Daily, keys.Daily, daily, w.DayEnd);
        }

        if (_options.Hourly is { } hourly)
        {
            Add(CapWindow.Hourly, keys.Hourly, hourly, w.HourEnd);
        }

        if (domain is not null && _options.PerDomainPerHour is { } perDomainHour)
        {
            Add(CapWindow.DomainHourly, domain.HourlyKey, perDomainHour, w.HourEnd);
        }

        if (batchKey is not null)
        {
            Add(CapWindow.DomainBatch, batchKey, _options.PerDomainPerBatch!.Value, batchExpires);
        }

        if (mailbox is not null && _options.PerMailboxDaily is { } perMailbox)
        {
            Add(CapWindow.MailboxDaily, mailbox.DailyKey, perMailbox, w.DayEnd);
        }

        var gapKey = _options.MinimumGap > TimeSpan.Zero ? mailbox?.GapKey ?? keys.GapKeyAll : null;
        var keyArray = new string[counters.Count];
        for (var i = 0; i < keyArray.Length; i++)
        {
            keyArray[i] = counters[i].Key;
        }

        cached = new CounterGroup(keys, domain, mailbox, batchKey, batchExpires, rampKey, rampDayEnd, [.. counters], keyArray, [.. windows], gapKey);
        Volatile.Write(ref _lastGroup, cached);
        return cached;
    }

    /// <summary>The window a counter of the group stands for, to word its refusal.</summary>
    private enum CapWindow
    {
        Ramp,
        Monthly,
        Daily,
        Hourly,
        DomainHourly,
        DomainBatch,
        MailboxDaily,
    }

    /// <summary>The counters, their keys and windows, and the gap key of one kind of send; read-only once built.</summary>
    private sealed record CounterGroup(
        ChannelKeys ChannelKeys,
        DomainKeys? Domain,
        MailboxKeys? Mailbox,
        string? BatchKey,
        DateTimeOffset BatchExpires,
        string? RampKey,
        DateTimeOffset RampDayEnd,
        CounterReservation[] Counters,
        string[] Keys,
        CapWindow[] Windows,
        string? GapKey);
}
