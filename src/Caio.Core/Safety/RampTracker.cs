using Caio.Leads;
using Caio.Safety.Internal;
using Caio.State;
using Microsoft.Extensions.Options;

namespace Caio.Safety;

/// <summary>
/// Tracks live days for the ramp and decides whether the setup has graduated. A clean day is a
/// completed live day (in <see cref="CapOptions.TimeZone"/>) with at least one send and no errors;
/// the setup is graduated while the look-back window holds at least
/// <see cref="RampOptions.CleanDaysRequired"/> clean days. Counters live in state under
/// <c>ramp:sent:&lt;day&gt;</c>, <c>ramp:errors:&lt;day&gt;</c> and <c>ramp:daily:&lt;channel&gt;:&lt;day&gt;</c>.
/// </summary>
public sealed class RampTracker
{
    private readonly IStateStore _store;
    private readonly TimeProvider _timeProvider;
    private readonly RampOptions _options;
    private readonly WindowClock _clock;
    private readonly HashSet<Tier> _allowedTiers;
    private GraduationCache? _graduation;
    private DailyKeyCache? _dailyKey;

    /// <summary>Creates the tracker.</summary>
    /// <param name="store">The state store.</param>
    /// <param name="options">Safety options (ramp settings and the caps' time zone).</param>
    /// <param name="timeProvider">The clock.</param>
    public RampTracker(IStateStore store, IOptions<SafetyOptions> options, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        var value = SafetyOptionsValidator.EnsureValid(options.Value);
        _store = store;
        _timeProvider = timeProvider;
        _options = value.Ramp;
        _clock = new WindowClock(ZonedTime.Find(value.Caps.TimeZone, "Caio:Safety:Caps:TimeZone"));
        _allowedTiers = value.Ramp.AllowedTiers.Count == 0 ? [Tier.Tier1] : [.. value.Ramp.AllowedTiers.Select(TierNames.Parse)];
        AllowedTiers = [.. _allowedTiers.Order().Select(t => t.ToWireName())];
    }

    /// <summary>Tiers sent while ramping, as wire names.</summary>
    public IReadOnlyList<string> AllowedTiers { get; }

    /// <summary>Records live sends for today.</summary>
    /// <param name="count">Number of sends.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when recorded.</returns>
    public ValueTask RecordSentAsync(int count = 1, CancellationToken cancellationToken = default) =>
        RecordLiveDayAsync(count, 0, cancellationToken);

    /// <summary>Records send errors for today (a day with an error is not clean).</summary>
    /// <param name="count">Number of errors.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when recorded.</returns>
    public ValueTask RecordErrorAsync(int count = 1, CancellationToken cancellationToken = default) =>
        RecordLiveDayAsync(0, count, cancellationToken);

    /// <summary>Adds a live run's sends and errors to today's counters.</summary>
    /// <param name="sent">Sends made.</param>
    /// <param name="errors">Errors met.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when recorded.</returns>
    public async ValueTask RecordLiveDayAsync(int sent, int errors, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(sent);
        ArgumentOutOfRangeException.ThrowIfNegative(errors);
        var windows = _clock.At(_timeProvider.GetUtcNow());
        var expires = windows.DayEnd.AddDays(_options.LookbackDays + 2);
        if (sent > 0)
        {
            await _store.IncrementAsync(SentKey(windows.DayId), sent, long.MaxValue, expires, cancellationToken).ConfigureAwait(false);
        }

        if (errors > 0)
        {
            await _store.IncrementAsync(ErrorsKey(windows.DayId), errors, long.MaxValue, expires, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Reads the ramp's progress for <c>status</c>.</summary>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The progress.</returns>
    public async ValueTask<RampProgress> GetProgressAsync(CancellationToken cancellationToken = default)
    {
        var windows = _clock.At(_timeProvider.GetUtcNow());
        var clean = await CountCleanDaysAsync(windows.Day, cancellationToken).ConfigureAwait(false);
        var sentToday = await _store.GetCounterAsync(SentKey(windows.DayId), cancellationToken).ConfigureAwait(false);
        var errorsToday = await _store.GetCounterAsync(ErrorsKey(windows.DayId), cancellationToken).ConfigureAwait(false);
        return new RampProgress(
            _options.Enabled,
            !_options.Enabled || clean >= _options.CleanDaysRequired,
            clean,
            _options.CleanDaysRequired,
            _options.LookbackDays,
            _options.DailyLimit,
            AllowedTiers,
            sentToday,
            errorsToday);
    }

    internal bool Enabled => _options.Enabled;

    internal int DailyLimit => _options.DailyLimit;

    internal WindowClock Clock => _clock;

    internal DateTimeOffset Now => _timeProvider.GetUtcNow();

    internal TimeProvider TimeProvider => _timeProvider;

    internal IStateStore Store => _store;

    internal bool IsTierAllowed(Tier tier) => _allowedTiers.Contains(tier);

    /// <summary>The ramp's daily counter key for a channel, cached for the current day.</summary>
    internal string DailyKey(Channel channel, CalendarWindows windows)
    {
        var cached = Volatile.Read(ref _dailyKey);
        if (cached is not null && cached.Channel == channel && ReferenceEquals(cached.Windows, windows))
        {
            return cached.Key;
        }

        var key = "ramp:daily:" + ChannelNames.Of(channel) + ":" + windows.DayId;
        Volatile.Write(ref _dailyKey, new DailyKeyCache(channel, windows, key));
        return key;
    }

    /// <summary>Whether the setup is graduated today; computed once per local day and process.</summary>
    internal async ValueTask<bool> IsGraduatedAsync(CalendarWindows windows, CancellationToken cancellationToken)
    {
        if (_options.CleanDaysRequired == 0)
        {
            return true;
        }

        var cached = Volatile.Read(ref _graduation);
        if (cached is not null && cached.Day == windows.Day)
        {
            return cached.Graduated;
        }

        var clean = await CountCleanDaysAsync(windows.Day, cancellationToken).ConfigureAwait(false);
        var graduated = clean >= _options.CleanDaysRequired;
        Volatile.Write(ref _graduation, new GraduationCache(windows.Day, graduated));
        return graduated;
    }

    private async ValueTask<int> CountCleanDaysAsync(DateOnly today, CancellationToken cancellationToken)
    {
        var clean = 0;
        for (var back = 1; back <= _options.LookbackDays; back++)
        {
            var dayId = today.AddDays(-back).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
            var sent = await _store.GetCounterAsync(SentKey(dayId), cancellationToken).ConfigureAwait(false);
            if (sent <= 0)
            {
                continue;
            }

            var errors = await _store.GetCounterAsync(ErrorsKey(dayId), cancellationToken).ConfigureAwait(false);
            if (errors == 0)
            {
                clean++;
            }
        }

        return clean;
    }

    private static string SentKey(string dayId) => "ramp:sent:" + dayId;

    private static string ErrorsKey(string dayId) => "ramp:errors:" + dayId;

    private sealed record GraduationCache(DateOnly Day, bool Graduated);

    private sealed record DailyKeyCache(Channel Channel, CalendarWindows Windows, string Key);
}
