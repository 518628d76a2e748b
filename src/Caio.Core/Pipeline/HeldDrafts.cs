using Caio.Leads;
using Caio.Internal;
using Caio.Review;
using Caio.Safety;

namespace Caio.Pipeline;

/// <summary>
/// The drafts a group-committing stage holds until a group is full (or the run ends), and what a draft
/// the review queue refused becomes in the run report. Shared by the production queue stage and the
/// sandbox approval stage, so both write and report their groups the same way.
/// </summary>
internal sealed class HeldDrafts(int groupSize)
{
    private readonly List<MessageDraft> _held = [];

    /// <summary>Holds a draft until its group is written.</summary>
    public void Add(MessageDraft draft) => _held.Add(draft);

    /// <summary>
    /// The group to write now: every held draft once a full group is held, or on the
    /// run's final drain; empty otherwise. What is returned is no longer held.
    /// </summary>
    public MessageDraft[] TakeGroup(bool final)
    {
        if (_held.Count == 0 || (!final && _held.Count < groupSize))
        {
            return [];
        }

        MessageDraft[] group = [.. _held];
        _held.Clear();
        return group;
    }

    /// <summary>
    /// The outcome of a draft the queue did not take: a duplicate is the same draft already waiting
    /// (filtered, nothing lost); anything else is a failure naming the refusal.
    /// </summary>
    public static StageOutcome Refused(EnqueueResult result, MessageDraft draft) =>
        result.Refusal?.Code == ReasonCodes.Duplicate
            ? StageOutcome.Filter(ReasonCodes.Duplicate)
            : StageOutcome.Fail($"{result.Refusal?.Code}: {result.Refusal?.Detail}", Redact.Email(draft.Lead.Lead.Lead.Email));
}
