using Caio.Leads;

namespace Caio.Safety;

/// <summary>Everything the safety chain needs to know about one send.</summary>
public sealed record SendContext
{
    /// <summary>Canonical dedup key of the recipient: <c>email:&lt;address&gt;</c> or a LinkedIn key.</summary>
    public required string RecipientKey { get; init; }

    /// <summary>The recipient's company or mail domain, e.g. <c>example.com</c>.</summary>
    public string? RecipientDomain { get; init; }

    /// <summary>
    /// The domain of the recipient's company as the lead names it (e.g. <c>competitor.io</c> for
    /// <c>jane@gmail.com</c>), when known. Blocked domains are checked against it as well.
    /// </summary>
    public string? CompanyDomain { get; init; }

    /// <summary>IANA time zone of the recipient, when known (e.g. <c>Europe/Berlin</c>).</summary>
    public string? RecipientTimeZone { get; init; }

    /// <summary>The channel of the send.</summary>
    public required Channel Channel { get; init; }

    /// <summary>Sequence step (1-based).</summary>
    public int Step { get; init; } = 1;

    /// <summary>The lead's tier.</summary>
    public required Tier Tier { get; init; }

    /// <summary>The sending mailbox or account, when the channel has one.</summary>
    public string? Mailbox { get; init; }

    /// <summary>The motion (outbound, cadence, revival) the send belongs to.</summary>
    public Caio.Batches.BatchMotion? Motion { get; init; }

    /// <summary>The dispatch batch the send belongs to.</summary>
    public string? BatchId { get; init; }

    /// <summary>The action id inside the batch.</summary>
    public string? ActionId { get; init; }

    /// <summary>The batch's authorization as verified by the dispatcher; required for live sends.</summary>
    public BatchAuthorization? Batch { get; init; }

    /// <summary>Whether the send is sandbox work (its review item or batch was approved by the sandbox); such sends go to sandbox channels only.</summary>
    public bool SandboxWork { get; init; }

    /// <summary>Whether the channel is a recording sandbox channel.</summary>
    public bool SandboxChannel { get; init; }

    /// <summary>Whether the run is live. Dry-run (<see langword="false"/>) is the default.</summary>
    public bool Live { get; init; }

    /// <summary>How the chain is evaluating this send; set by the chain.</summary>
    public EvaluationMode Mode { get; init; }
}
