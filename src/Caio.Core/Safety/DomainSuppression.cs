using System.Text.Json;
using Caio.Safety.Internal;
using Caio.State;

namespace Caio.Safety;

/// <summary>A domain suppressed by hand: no address at it (or under it) is contacted.</summary>
public sealed record DomainSuppression
{
    /// <summary>The domain (lower case, punycode).</summary>
    public required string Domain { get; init; }

    /// <summary>When it was added.</summary>
    public DateTimeOffset At { get; init; }

    /// <summary>Why.</summary>
    public string? Reason { get; init; }

    /// <summary>Who added it.</summary>
    public string? By { get; init; }
}
