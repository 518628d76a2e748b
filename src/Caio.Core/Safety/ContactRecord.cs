using System.Text.Json;
using System.Text.Json.Serialization;
using Caio.Leads;
using Caio.Safety.Internal;
using Caio.State;

namespace Caio.Safety;

/// <summary>A recipient's contact history.</summary>
public sealed record ContactRecord
{
    /// <summary>Steps sent, oldest first.</summary>
    public IReadOnlyList<ContactSend> Sends { get; init; } = [];

    /// <summary>The terminal status, when reached.</summary>
    public TerminalStatus? Terminal { get; init; }

    /// <summary>When the terminal status was recorded.</summary>
    public DateTimeOffset? TerminalAt { get; init; }

    /// <summary>Why, when known.</summary>
    public string? TerminalReason { get; init; }
}
