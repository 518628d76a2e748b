using System.Buffers.Text;
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
public sealed class SendCaps
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
    /// and gives back what it took. In <see cref="EvaluationMode.DryRun"/> only reads.
    /// </summary>
    internal ValueTask<GuardEvaluation> ReserveAsync(SendContext context, CancellationToken cancellationToken) =>
        ReserveAsync(context, context.Mode == EvaluationMode.DryRun, cancellationToken);

    /// <summary>As <see cref="ReserveAsync(SendContext, CancellationToken)"/>, reading only when <paramref name="dryRun"/>.</summary>
    internal async ValueTask<GuardEvaluation> ReserveAsync(SendContext context, bool dryRun, CancellationToken cancellationToken)
    {
        var now = _timeProvider.GetUtcNow();
        var keys = KeysFor(context.Channel, now);
        var w = keys.Windows;
        var reservation = dryRun ? null : new StateReservation(_store, _timeProvider);
        var domain = keys.Domain(context);
        try
        {
            if (_options.Monthly is { } monthly && !await TakeAsync(reservation, keys.Monthly, monthly, w.MonthEnd, cancellationToken).ConfigureAwait(false))
            {
                return await RefuseAsync(reservation, GuardDecision.Defer(w.MonthEnd, ReasonCodes.CapMonthly, $"monthly cap {monthly} reached")).ConfigureAwait(false);
            }

            if (_options.Daily is { } daily && !await TakeAsync(reservation, keys.Daily, daily, w.DayEnd, cancellationToken).ConfigureAwait(false))
            {
                return await RefuseAsync(reservation, GuardDecision.Defer(w.DayEnd, ReasonCodes.CapDaily, $"daily cap {daily} reached")).ConfigureAwait(false);
            }

            if (_options.Hourly is { } hourly && !await TakeAsync(reservation, keys.Hourly, hourly, w.HourEnd, cancellationToken).ConfigureAwait(false))
            {
                return await RefuseAsync(reservation, GuardDecision.Defer(w.HourEnd, ReasonCodes.CapHourly, $"hourly cap {hourly} reached")).ConfigureAwait(false);
            }

            if (domain is not null)
            {
                if (_options.PerDomainPerHour is { } perDomainHour
                    && !await TakeAsync(reservation, domain.HourlyKey, perDomainHour, w.HourEnd, cancellationToken).ConfigureAwait(false))
                {
                    return await RefuseAsync(reservation, GuardDecision.Defer(w.HourEnd, ReasonCodes.CapDomainHourly, $"{perDomainHour} sends per domain per hour reached")).ConfigureAwait(false);
                }

                var batchId = context.Batch?.BatchId ?? context.BatchId;
                if (_options.PerDomainPerBatch is { } perBatch && !string.IsNullOrEmpty(batchId))
                {
                    var expires = (context.Batch?.ExpiresAt ?? now).AddDays(2);
                    var key = keys.DomainBatchKey(batchId, domain);
                    if (!await TakeAsync(reservation, key, perBatch, expires, cancellationToken).ConfigureAwait(false))
                    {
                        return await RefuseAsync(reservation, GuardDecision.Deny(ReasonCodes.CapDomainBatch, $"{perBatch} sends per domain per batch reached")).ConfigureAwait(false);
                    }
                }
            }

            if (_options.PerMailboxDaily is { } perMailbox && !string.IsNullOrWhiteSpace(context.Mailbox)
                && !await TakeAsync(reservation, keys.Mailbox(context.Mailbox).DailyKey, perMailbox, w.DayEnd, cancellationToken).ConfigureAwait(false))
            {
                return await RefuseAsync(reservation, GuardDecision.Defer(w.DayEnd, ReasonCodes.CapMailboxDaily, $"mailbox daily cap {perMailbox} reached")).ConfigureAwait(false);
            }

            if (_options.MinimumGap > TimeSpan.Zero)
            {
                var gapKey = string.IsNullOrWhiteSpace(context.Mailbox) ? keys.GapKeyAll : keys.Mailbox(context.Mailbox).GapKey;
                var nextAllowed = await TakeGapAsync(reservation, gapKey, now, cancellationToken).ConfigureAwait(false);
                if (nextAllowed is { } until)
                {
                    return await RefuseAsync(reservation, GuardDecision.Defer(until, ReasonCodes.MinGap, $"minimum gap {_options.MinimumGap.TotalSeconds:0}s between sends")).ConfigureAwait(false);
                }
            }
        }
        catch
        {
            if (reservation is not null)
            {
                await reservation.ReleaseAsync(CancellationToken.None).ConfigureAwait(false);
            }

            throw;
        }

        return reservation is null || reservation.Count == 0 ? GuardEvaluation.Allowed : new GuardEvaluation(GuardDecision.Allow, reservation);
    }

    private static async ValueTask<GuardEvaluation> RefuseAsync(StateReservation? reservation, GuardDecision decision)
    {
        if (reservation is not null)
        {
            await reservation.ReleaseAsync(CancellationToken.None).ConfigureAwait(false);
        }

        return decision;
    }

    private async ValueTask<bool> TakeAsync(StateReservation? reservation, string key, int limit, DateTimeOffset expiresAt, CancellationToken cancellationToken)
    {
        if (reservation is null)
        {
            return await _store.GetCounterAsync(key, cancellationToken).ConfigureAwait(false) < limit;
        }

        var result = await _store.IncrementAsync(key, 1, limit, expiresAt, cancellationToken).ConfigureAwait(false);
        if (result.Applied)
        {
            reservation.AddCounter(key);
        }

        return result.Applied;
    }

    /// <summary>Takes the gap slot; returns <see langword="null"/> when taken, else the time the gap ends.</summary>
    private async ValueTask<DateTimeOffset?> TakeGapAsync(StateReservation? reservation, string key, DateTimeOffset now, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < GapAttempts; attempt++)
        {
            var entry = await _store.GetAsync(key, cancellationToken).ConfigureAwait(false);
            if (entry is not null && Utf8Parser.TryParse(entry.Value.Span, out long nextMs, out _))
            {
                var next = DateTimeOffset.FromUnixTimeMilliseconds(nextMs);
                if (next > now)
                {
                    return next;
                }
            }

            if (reservation is null)
            {
                return null;
            }

            var until = now + _options.MinimumGap;
            var value = new byte[20];
            Utf8Formatter.TryFormat(until.ToUnixTimeMilliseconds(), value, out var written);
            var version = await _store.CompareAndSetAsync(key, value.AsMemory(0, written), entry?.Version ?? 0, until, cancellationToken).ConfigureAwait(false);
            if (version is { } taken)
            {
                reservation.SetGap(key, taken, until);
                return null;
            }
        }

        return now + _options.MinimumGap;
    }

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

    /// <summary>
    /// The keys of one channel in one set of windows. The keys of the last recipient domain, mailbox and batch are
    /// remembered, so consecutive sends from one mailbox in one batch (to one company) build no key strings.
    /// </summary>
    private sealed class ChannelKeys(string channel, CalendarWindows windows)
    {
        private DomainKeys? _domain;
        private MailboxKeys? _mailbox;
        private BatchDomainKey? _batchDomain;

        public string Channel { get; } = channel;

        public string GapKeyAll { get; } = "cap:" + channel + ":gap:_all";

        public CalendarWindows Windows { get; } = windows;

        public string Monthly { get; } = "cap:" + channel + ":monthly:" + windows.MonthId;

        public string Daily { get; } = "cap:" + channel + ":daily:" + windows.DayId;

        public string Hourly { get; } = "cap:" + channel + ":hourly:" + windows.HourId;

        /// <summary>
        /// The recipient's domain (lower-cased): from an <c>email:</c> key's address, else the recipient domain;
        /// <see langword="null"/> when neither is known.
        /// </summary>
        public DomainKeys? Domain(SendContext context)
        {
            var source = DomainSource(context);
            if (source.IsEmpty)
            {
                return null;
            }

            var cached = Volatile.Read(ref _domain);
            if (cached is not null && source.SequenceEqual(cached.Source))
            {
                return cached;
            }

            var domain = KeySegments.AsciiLower(source.ToString());
            cached = new DomainKeys(source.ToString(), domain, "cap:" + Channel + ":domain-hourly:" + StateKeys.Segment(domain) + ":" + Windows.HourId);
            Volatile.Write(ref _domain, cached);
            return cached;
        }

        public MailboxKeys Mailbox(string mailbox)
        {
            var cached = Volatile.Read(ref _mailbox);
            if (cached is not null && string.Equals(cached.Mailbox, mailbox, StringComparison.Ordinal))
            {
                return cached;
            }

            var segment = StateKeys.Segment(mailbox);
            cached = new MailboxKeys(mailbox, "cap:" + Channel + ":mailbox-daily:" + segment + ":" + Windows.DayId, "cap:" + Channel + ":gap:" + segment);
            Volatile.Write(ref _mailbox, cached);
            return cached;
        }

        public string DomainBatchKey(string batchId, DomainKeys domain)
        {
            var cached = Volatile.Read(ref _batchDomain);
            if (cached is not null && ReferenceEquals(cached.Domain, domain) && string.Equals(cached.BatchId, batchId, StringComparison.Ordinal))
            {
                return cached.Key;
            }

            cached = new BatchDomainKey(batchId, domain, "cap:" + Channel + ":domain-batch:" + StateKeys.Segment(batchId) + ":" + StateKeys.Segment(domain.Domain));
            Volatile.Write(ref _batchDomain, cached);
            return cached.Key;
        }

        private static ReadOnlySpan<char> DomainSource(SendContext context)
        {
            var key = context.RecipientKey;
            if (key.StartsWith("email:", StringComparison.Ordinal))
            {
                var at = key.LastIndexOf('@');
                if (at > 0 && at < key.Length - 1)
                {
                    return key.AsSpan(at + 1);
                }
            }

            return string.IsNullOrWhiteSpace(context.RecipientDomain) ? default : context.RecipientDomain.AsSpan().Trim();
        }
    }

    /// <summary>A recipient domain as found in the send, lower-cased, and its hourly cap key.</summary>
    private sealed record DomainKeys(string Source, string Domain, string HourlyKey);

    /// <summary>A mailbox and its daily cap and gap keys.</summary>
    private sealed record MailboxKeys(string Mailbox, string DailyKey, string GapKey);

    private sealed record BatchDomainKey(string BatchId, DomainKeys Domain, string Key);
}
