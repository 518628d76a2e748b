using Caio.Leads;

namespace Caio.Crafting;

/// <summary>Writes the message for one step of a lead's sequence.</summary>
public interface IMessageCrafter
{
    /// <summary>Crafter name, recorded on every draft.</summary>
    string Name { get; }

    /// <summary>Crafts a draft.</summary>
    /// <param name="lead">The scored lead.</param>
    /// <param name="step">The sequence step to write.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>The draft, or the reason no acceptable draft could be written.</returns>
    ValueTask<CraftResult> CraftAsync(ScoredLead lead, SequenceStep step, CancellationToken cancellationToken = default);
}

/// <summary>Outcome of crafting: a draft or a refusal with its reason.</summary>
public readonly record struct CraftResult
{
    /// <summary>The draft, when crafting succeeded.</summary>
    public MessageDraft? Draft { get; private init; }

    /// <summary>Why no draft was produced.</summary>
    public string? RefusalReason { get; private init; }

    /// <summary>Why no draft was produced, as a refusal; <see langword="null"/> when crafting succeeded.</summary>
    public Caio.Safety.Refusal? Refusal => Caio.Safety.Refusal.From(RefusalReason);

    /// <summary>A successful result.</summary>
    /// <param name="draft">The draft.</param>
    /// <returns>The result.</returns>
    public static CraftResult Success(MessageDraft draft)
    {
        ArgumentNullException.ThrowIfNull(draft);
        return new() { Draft = draft };
    }

    /// <summary>A refusal.</summary>
    /// <param name="reason">Why.</param>
    /// <returns>The result.</returns>
    public static CraftResult Refused(string reason) => new() { RefusalReason = reason };
}
