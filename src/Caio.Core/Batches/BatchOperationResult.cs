using System.Text.Json.Serialization;

namespace Caio.Batches;

/// <summary>Outcome of a batch operation.</summary>
/// <param name="Batch">The batch after the operation (or as it is, when refused).</param>
/// <param name="RefusalCode">Why it was refused (<see cref="BatchRefusals"/>), or <see langword="null"/>.</param>
/// <param name="Detail">Human-readable detail.</param>
public readonly record struct BatchOperationResult(DispatchBatch? Batch, string? RefusalCode, string? Detail)
{
    /// <summary>Why the operation was refused (code and detail), or <see langword="null"/> when it was applied.</summary>
    public Caio.Safety.Refusal? Refusal => Caio.Safety.Refusal.From(RefusalCode, Detail);

    /// <summary>Whether the operation was applied.</summary>
    public bool Succeeded => RefusalCode is null;

    /// <summary>For a created batch: the actions that cannot go out now and why (empty when all can).</summary>
    public IReadOnlyList<BatchActionNotice>? Notices { get; init; }
}
