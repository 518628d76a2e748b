using Caio.Leads;

namespace Caio.Dispatch;

/// <summary>Reconciliation answers.</summary>
public enum DeliveryStatus
{
    /// <summary>The provider cannot tell (yet); the item stays maybe_sent.</summary>
    Unknown,

    /// <summary>The message went out.</summary>
    Sent,

    /// <summary>The message did not go out.</summary>
    NotSent,
}
