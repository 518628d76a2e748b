using System.Runtime.ExceptionServices;
using Caio.Leads;
using Caio.Safety.Internal;
using Caio.State;
using Microsoft.Extensions.Options;

namespace Caio.Safety;

/// <summary>
/// Volume caps counted atomically in the state store, per channel: monthly, daily, hourly, per
/// recipient domain per hour, per recipient domain per batch, per mailbox per day, and a minimum gap
/// between sends. Each window is one counter key carrying its window id and expiring at the window's
/// end (e.g. <c>cap:email:daily:2026-11-22</c>); windows follow <see cref="CapOptions.TimeZone"/>.
/// </summary>
public sealed partial class SendCaps
{
    private const int GapAttempts = 8;

    private readonly IStateStore _store;
    private readonly TimeProvider _timeProvider;
    private readonly CapOptions _options;
    private readonly WindowClock _clock;
    private readonly ChannelKeys?[] _keys = new ChannelKeys?[4];

    /// <summary>Creates the caps.</summary>
    /// <param name="store">The state store.</param>
    /// <param name="options">Safety options.</param>
    /// <param name="timeProvider">The clock.</param>
    public SendCaps(IStateStore store, IOptions<SafetyOptions> options, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        var value = SafetyOptionsValidator.EnsureValid(options.Value);
        _store = store;
        _timeProvider = timeProvider;
        _options = value.Caps;
        _clock = new WindowClock(ZonedTime.Find(value.Caps.TimeZone, "Caio:Safety:Caps:TimeZone"));
    }

    /// <summary>
    /// Reads the usage of every configured window for a channel (and, when given, a mailbox and a
    /// recipient domain), for <c>status</c> and the dashboard.
    /// </summary>
    /// <param name="channel">The channel.</param>
    /// <param name="mailbox">A sending mailbox, to include its daily window.</param>
    /// <param name="domain">A recipient domain, to include its hourly window.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>One entry per window.</returns>
    public async ValueTask<IReadOnlyList<CapUsage>> GetUsageAsync(Channel channel, string? mailbox = null, string? domain = null, CancellationToken cancellationToken = default)
    {
        var now = _timeProvider.GetUtcNow();
        var keys = KeysFor(channel, now);
        var w = keys.Windows;
        var usage = new List<CapUsage>(5);
        async ValueTask Add(string window, string? scope, string key, int? limit, DateTimeOffset end)
        {
            var used = await _store.GetCounterAsync(key, cancellationToken).ConfigureAwait(false);
            usage.Add(new CapUsage(channel, window, scope, used, limit, end));
        }

        await Add("monthly", null, keys.Monthly, _options.Monthly, w.MonthEnd).ConfigureAwait(false);
        await Add("daily", null, keys.Daily, _options.Daily, w.DayEnd).ConfigureAwait(false);
        await Add("hourly", null, keys.Hourly, _options.Hourly, w.HourEnd).ConfigureAwait(false);
        if (!string.IsNullOrWhiteSpace(domain))
        {
            var d = KeySegments.AsciiLower(domain.Trim());
            await Add("domain_hourly", d, DomainHourlyKey(keys, d), _options.PerDomainPerHour, w.HourEnd).ConfigureAwait(false);
        }

        if (!string.IsNullOrWhiteSpace(mailbox))
        {
            await Add("mailbox_daily", mailbox, MailboxDailyKey(keys, mailbox), _options.PerMailboxDaily, w.DayEnd).ConfigureAwait(false);
        }

        return usage;
    }

    /// <summary>
    /// Reserves a slot in every window that applies to the send, or refuses with the first full one
    /// and holds nothing. In <see cref="EvaluationMode.DryRun"/> only reads.
    /// </summary>
    internal ValueTask<GuardEvaluation> ReserveAsync(SendContext context, CancellationToken cancellationToken) =>
        ReserveAsync(context, context.Mode == EvaluationMode.DryRun, cancellationToken);

    /// <summary>As <see cref="ReserveAsync(SendContext, CancellationToken)"/>, reading only when <paramref name="dryRun"/>.</summary>
    internal async ValueTask<GuardEvaluation> ReserveAsync(SendContext context, bool dryRun, CancellationToken cancellationToken)
    {
        if (!dryRun)
        {
            var outcome = await ReserveGroupAsync(null, context, cancellationToken).ConfigureAwait(false);
            if (outcome.Failure is { } failure)
            {
                ExceptionDispatchInfo.Throw(failure);
            }

            return new GuardEvaluation(outcome.Decision, outcome.Reservation);
        }

        var now = _timeProvider.GetUtcNow();
        var keys = KeysFor(context.Channel, now);
        var w = keys.Windows;
        var domain = keys.Domain(context);
        if (_options.Monthly is { } monthly && !await BelowAsync(keys.Monthly, monthly, cancellationToken).ConfigureAwait(false))
        {
            return GuardDecision.Defer(w.MonthEnd, ReasonCodes.CapMonthly, $"monthly cap {monthly} reached");
        }

        if (_options.Daily is { } daily && !await BelowAsync(keys.Daily, daily, cancellationToken).ConfigureAwait(false))
        {
            return GuardDecision.Defer(w.DayEnd, ReasonCodes.CapDaily, $"daily cap {daily} reached");
        }

        if (_options.Hourly is { } hourly && !await BelowAsync(keys.Hourly, hourly, cancellationToken).ConfigureAwait(false))
        {
            return GuardDecision.Defer(w.HourEnd, ReasonCodes.CapHourly, $"hourly cap {hourly} reached");
        }

        if (domain is not null)
        {
            if (_options.PerDomainPerHour is { } perDomainHour && !await BelowAsync(domain.HourlyKey, perDomainHour, cancellationToken).ConfigureAwait(false))
            {
                return GuardDecision.Defer(w.HourEnd, ReasonCodes.CapDomainHourly, $"{perDomainHour} sends per domain per hour reached");
            }

            var batchId = context.Batch?.BatchId ?? context.BatchId;
            if (_options.PerDomainPerBatch is { } perBatch && !string.IsNullOrEmpty(batchId)
                && !await BelowAsync(keys.DomainBatchKey(batchId, domain), perBatch, cancellationToken).ConfigureAwait(false))
            {
                return GuardDecision.Deny(ReasonCodes.CapDomainBatch, $"{perBatch} sends per domain per batch reached");
            }
        }

        if (_options.PerMailboxDaily is { } perMailbox && !string.IsNullOrWhiteSpace(context.Mailbox)
            && !await BelowAsync(keys.Mailbox(context.Mailbox).DailyKey, perMailbox, cancellationToken).ConfigureAwait(false))
        {
            return GuardDecision.Defer(w.DayEnd, ReasonCodes.CapMailboxDaily, $"mailbox daily cap {perMailbox} reached");
        }

        if (_options.MinimumGap > TimeSpan.Zero)
        {
            var gapKey = string.IsNullOrWhiteSpace(context.Mailbox) ? keys.GapKeyAll : keys.Mailbox(context.Mailbox).GapKey;
            if (GapEnd(await _store.GetAsync(gapKey, cancellationToken).ConfigureAwait(false), now) is { } until)
            {
                return GapDecision(until);
            }
        }

        return GuardEvaluation.Allowed;
    }

    private async ValueTask<bool> BelowAsync(string key, int limit, CancellationToken cancellationToken) =>
        await _store.GetCounterAsync(key, cancellationToken).ConfigureAwait(false) < limit;

    private static string DomainHourlyKey(ChannelKeys keys, string domain) =>
        "cap:" + keys.Channel + ":domain-hourly:" + StateKeys.Segment(domain) + ":" + keys.Windows.HourId;

    private static string MailboxDailyKey(ChannelKeys keys, string mailbox) =>
        "cap:" + keys.Channel + ":mailbox-daily:" + StateKeys.Segment(mailbox) + ":" + keys.Windows.DayId;

    private ChannelKeys KeysFor(Channel channel, DateTimeOffset now)
    {
        var windows = _clock.At(now);
        var index = (int)channel;
        if ((uint)index < (uint)_keys.Length)
        {
            var cached = Volatile.Read(ref _keys[index]);
            if (cached is not null && ReferenceEquals(cached.Windows, windows))
            {
                return cached;
            }

            cached = new ChannelKeys(ChannelNames.Of(channel), windows);
            Volatile.Write(ref _keys[index], cached);
            return cached;
        }

        return new ChannelKeys(ChannelNames.Of(channel), windows);
    }
}
