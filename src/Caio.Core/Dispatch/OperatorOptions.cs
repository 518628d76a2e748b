using System.ComponentModel.DataAnnotations;

namespace Caio.Dispatch;

/// <summary>Options of the dispatch operator, bound from <c>Caio:Operator</c>.</summary>
public sealed class OperatorOptions
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "Caio:Operator";

    /// <summary>How many sends may be in flight at once (bounds how many calls can start before an emergency stop is observed). Default 4.</summary>
    [Range(1, 64)]
    public int MaxInFlight { get; set; } = 4;

    /// <summary>Timeout of one provider call; a timeout makes the send maybe_sent. Default 30 s.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00")]
    public TimeSpan SendTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Lease on a batch under execution; renewed while running, so a crashed executor's batch can be resumed after it lapses. Default 60 s.</summary>
    [Range(typeof(TimeSpan), "00:00:00.200", "01:00:00")]
    public TimeSpan ExecutionLeaseTtl { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// A reservation older than this without an outcome (its executor died) is reconciled like a
    /// maybe_sent send. Must be longer than <see cref="SendTimeout"/> + <see cref="ExecutionLeaseTtl"/>,
    /// so a send still in flight is never settled. Default 10 minutes.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan StaleReservationAge { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// Channels used by default, by name (<c>sandbox</c> selects the recording sandbox channels).
    /// Empty: every registered channel except the sandbox ones.
    /// </summary>
    public IList<string> Channels { get; } = [];
}
