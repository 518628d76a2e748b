namespace Caio.Dispatch;

/// <summary>What an operator run should do.</summary>
public sealed record OperatorRequest
{
    /// <summary>The motion to run; <see langword="null"/> runs every motion (<c>all</c> on the command line and the web API). Default <see cref="Caio.Batches.BatchMotion.Outbound"/>.</summary>
    public Caio.Batches.BatchMotion? Motion { get; init; } = Caio.Batches.BatchMotion.Outbound;

    /// <summary>Send for real. Default false: a dry run.</summary>
    public bool Live { get; init; }

    /// <summary>Run only this batch.</summary>
    public string? BatchId { get; init; }

    /// <summary>Channels by name (<c>sandbox</c> selects the sandbox channels); empty uses <see cref="OperatorOptions.Channels"/>.</summary>
    public IReadOnlyList<string>? Channels { get; init; }

    /// <summary>
    /// How long a live run may wait for deferred actions of a batch (minimum gap, a cap window or the
    /// send window opening) before it returns; <see langword="null"/> or zero: it does not wait.
    /// </summary>
    public TimeSpan? WaitUpTo { get; init; }
}
