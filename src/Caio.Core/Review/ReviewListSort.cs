using Caio.Leads;

namespace Caio.Review;

/// <summary>How review items are ordered in a listing.</summary>
public enum ReviewListSort
{
    /// <summary>Highest score first; equal scores oldest first.</summary>
    Score,

    /// <summary>Oldest first: the drafts that have waited longest (and expire soonest) lead.</summary>
    Age,
}
