using Caio.Safety;

namespace Caio.Batches;

/// <summary>Outcome of a batch operation.</summary>
/// <param name="Batch">The batch after the operation (or as it is, when refused).</param>
/// <param name="Refusal">Why it was refused (a <see cref="BatchRefusals"/> code and its detail), or <see langword="null"/> when it was applied.</param>
public readonly record struct BatchOperationResult(DispatchBatch? Batch, Refusal? Refusal)
{
    /// <summary>Whether the operation was applied.</summary>
    public bool Succeeded => Refusal is null;

    /// <summary>For a created batch: the actions that cannot go out now and why (empty when all can).</summary>
    public IReadOnlyList<BatchActionNotice>? Notices { get; init; }
}
