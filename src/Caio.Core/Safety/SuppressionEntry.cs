using System.Text.Json;
using Caio.Dedup;
using Caio.Safety.Internal;
using Caio.State;
using Microsoft.Extensions.Options;

namespace Caio.Safety;

/// <summary>A recipient's suppression facts.</summary>
public sealed record SuppressionEntry
{
    /// <summary>Whether the recipient unsubscribed.</summary>
    public bool Unsubscribed { get; init; }

    /// <summary>When the recipient first unsubscribed.</summary>
    public DateTimeOffset? UnsubscribedAt { get; init; }

    /// <summary>Whether the address hard-bounced.</summary>
    public bool HardBounced { get; init; }

    /// <summary>When the address first hard-bounced.</summary>
    public DateTimeOffset? HardBouncedAt { get; init; }

    /// <summary>Soft-bounce strikes so far.</summary>
    public int SoftBounces { get; init; }

    /// <summary>When the address last soft-bounced.</summary>
    public DateTimeOffset? LastSoftBounceAt { get; init; }

    /// <summary>
    /// The provider events counted in <see cref="SoftBounces"/>, newest last (at most
    /// <see cref="SuppressionStore.SoftBounceEventsKept"/>): an event processed again, as after a crash between
    /// applying it and marking it done, is not counted twice. Cleared with the count by <c>suppress remove</c>.
    /// </summary>
    public IReadOnlyList<string>? SoftBounceEvents { get; init; }

    /// <summary>Where the last event came from.</summary>
    public string? Source { get; init; }

    /// <summary>Whether a person blocked the address by hand (<c>suppress add --kind address</c>); refused as <c>blocked_email</c>.</summary>
    public bool Blocked { get; init; }

    /// <summary>When the address was blocked by hand.</summary>
    public DateTimeOffset? BlockedAt { get; init; }

    /// <summary>Why, as the person who added the suppression by hand wrote it.</summary>
    public string? Reason { get; init; }

    /// <summary>Who added the suppression by hand.</summary>
    public string? By { get; init; }
}
