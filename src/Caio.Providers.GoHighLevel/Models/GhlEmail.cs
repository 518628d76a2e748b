namespace Caio.Providers.GoHighLevel;

/// <summary>An email to send to a contact through its conversation (<c>POST /conversations/messages</c>, <c>type: Email</c>).</summary>
/// <param name="ContactId">Contact id.</param>
/// <param name="Subject">Subject.</param>
/// <param name="Html">HTML body.</param>
/// <param name="Text">Plain-text body (<c>message</c>).</param>
/// <param name="EmailFrom">Sender, when not the location's default.</param>
public sealed record GhlEmail(string ContactId, string Subject, string Html, string Text, string? EmailFrom = null);
