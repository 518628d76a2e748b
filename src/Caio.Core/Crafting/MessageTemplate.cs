namespace Caio.Crafting;

/// <summary>A subject and body template.</summary>
public sealed class MessageTemplate
{
    /// <summary>Subject template (empty for LinkedIn).</summary>
    public string Subject { get; set; } = string.Empty;

    /// <summary>Body template.</summary>
    public string Body { get; set; } = string.Empty;
}
