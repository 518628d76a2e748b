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
