using System.Text.Json;
using System.Text.Json.Serialization;
using Caio.Leads;
using Caio.Safety.Internal;
using Caio.State;

namespace Caio.Safety;

/// <summary>Wire names of <see cref="TerminalStatus"/>.</summary>
public static class TerminalStatusNames
{
    /// <summary>Returns the snake_case wire name.</summary>
    /// <param name="status">The status.</param>
    /// <returns>The wire name.</returns>
    public static string ToWireName(this TerminalStatus status) => status switch
    {
        TerminalStatus.Bounced => "bounced",
        TerminalStatus.Unsubscribed => "unsubscribed",
        TerminalStatus.Rejected => "rejected",
        TerminalStatus.Disqualified => "disqualified",
        TerminalStatus.SentElsewhere => "sent_elsewhere",
        TerminalStatus.Replied => "replied",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, "Unknown terminal status."),
    };
}
