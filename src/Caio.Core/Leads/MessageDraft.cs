using System.Text.Json.Serialization;

namespace Caio.Leads;

/// <summary>A rendered message waiting for a human decision.</summary>
/// <param name="Lead">The scored lead the draft is for.</param>
/// <param name="Step">The sequence step.</param>
/// <param name="Subject">Subject line (empty for LinkedIn).</param>
/// <param name="Body">Rendered body; never contains unresolved placeholders.</param>
/// <param name="Crafter">Name of the crafter that wrote it.</param>
public sealed record MessageDraft(ScoredLead Lead, SequenceStep Step, string Subject, string Body, string Crafter)
{
    /// <summary>Whether the draft comes from a sandbox run: the review item it becomes is marked as sandbox work.</summary>
    public bool Sandbox { get; init; }
}
