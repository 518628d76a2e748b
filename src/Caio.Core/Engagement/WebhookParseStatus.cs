namespace Caio.Engagement;

/// <summary>Outcome of parsing a webhook payload.</summary>
public enum WebhookParseStatus
{
    /// <summary>An engagement event.</summary>
    Parsed,

    /// <summary>Well-formed, but not an event Caio acts on.</summary>
    Ignored,

    /// <summary>Malformed, or the lead is not identified.</summary>
    Rejected,
}
