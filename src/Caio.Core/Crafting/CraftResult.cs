using Caio.Leads;

namespace Caio.Crafting;

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
