using Caio.Leads;
using Caio.Safety.Internal;
using Caio.State;
using Microsoft.Extensions.Options;

namespace Caio.Safety;

/// <summary>The ramp's progress, for <c>status</c>.</summary>
/// <param name="Enabled">Whether the ramp applies.</param>
/// <param name="Graduated">Whether full limits apply (enough clean days, or ramp off).</param>
/// <param name="CleanDays">Clean days within the look-back window.</param>
/// <param name="CleanDaysRequired">Clean days needed.</param>
/// <param name="LookbackDays">Length of the look-back window in days.</param>
/// <param name="DailyLimit">Sends per day and channel while ramping.</param>
/// <param name="AllowedTiers">Tiers sent while ramping.</param>
/// <param name="SentToday">Live sends recorded today.</param>
/// <param name="ErrorsToday">Errors recorded today.</param>
public sealed record RampProgress(
    bool Enabled,
    bool Graduated,
    int CleanDays,
    int CleanDaysRequired,
    int LookbackDays,
    int DailyLimit,
    IReadOnlyList<string> AllowedTiers,
    long SentToday,
    long ErrorsToday);
