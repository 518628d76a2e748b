namespace Caio.Safety;

/// <summary>Suppression settings.</summary>
public sealed class SuppressionOptions
{
    /// <summary>Number of soft bounces after which an address is suppressed. Default 3.</summary>
    public int SoftBounceStrikes { get; set; } = 3;

    /// <summary>
    /// Blocked domains (competitors, customers, own domains). Matched case-insensitively; a blocked
    /// domain also blocks its subdomains.
    /// </summary>
    public IList<string> BlockedDomains { get; } = [];

    /// <summary>Blocked addresses, matched case-insensitively against the canonical address.</summary>
    public IList<string> BlockedEmails { get; } = [];

    /// <summary>Refuse role mailboxes such as <c>info@</c> or <c>sales@</c>. Default <see langword="true"/>.</summary>
    public bool BlockRoleAddresses { get; set; } = true;

    /// <summary>Extra local parts treated as role mailboxes, in addition to the built-in list.</summary>
    public IList<string> RoleLocalParts { get; } = [];

    /// <summary>Refuse addresses at disposable-mail domains. Default <see langword="true"/>.</summary>
    public bool BlockDisposableDomains { get; set; } = true;

    /// <summary>Extra disposable-mail domains, in addition to the built-in list.</summary>
    public IList<string> DisposableDomains { get; } = [];
}
