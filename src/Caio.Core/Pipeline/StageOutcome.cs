using System.Diagnostics.CodeAnalysis;
using Caio.Diagnostics;

namespace Caio.Pipeline;

/// <summary>What a stage did with one item.</summary>
public readonly struct StageOutcome
{
    private StageOutcome(StageOutcomeKind kind, object? value, string? reason, string? subject)
    {
        Kind = kind;
        Value = value;
        Reason = reason;
        Subject = subject;
    }

    /// <summary>The kind of outcome.</summary>
    public StageOutcomeKind Kind { get; }

    /// <summary>The item passed on to the next stage (for <see cref="StageOutcomeKind.Passed"/>).</summary>
    public object? Value { get; }

    /// <summary>Why the item was filtered or failed.</summary>
    public string? Reason { get; }

    /// <summary>A redacted identification of the item (for failures in the run report).</summary>
    public string? Subject { get; }

    /// <summary>The item goes on to the next stage.</summary>
    /// <param name="value">The output item.</param>
    /// <returns>The outcome.</returns>
    public static StageOutcome Pass(object value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return new(StageOutcomeKind.Passed, value, null, null);
    }

    /// <summary>The item is deliberately not passed on (e.g. disqualified, outside the segment).</summary>
    /// <param name="reason">Machine-readable reason.</param>
    /// <returns>The outcome.</returns>
    public static StageOutcome Filter(string reason) => new(StageOutcomeKind.Filtered, null, reason, null);

    /// <summary>The stage holds the item (e.g. to send it in a micro-batch); its outcome comes later from <see cref="IBatchingPipelineStage.DrainAsync"/>.</summary>
    /// <returns>The outcome.</returns>
    public static StageOutcome Held() => new(StageOutcomeKind.Held, null, null, null);

    /// <summary>The item could not be processed; the run records it and goes on.</summary>
    /// <param name="reason">What went wrong.</param>
    /// <param name="subject">A redacted identification of the item.</param>
    /// <returns>The outcome.</returns>
    public static StageOutcome Fail(string reason, string? subject = null) => new(StageOutcomeKind.Failed, null, reason, subject);
}
