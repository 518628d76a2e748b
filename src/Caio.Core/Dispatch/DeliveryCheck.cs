using Caio.Leads;

namespace Caio.Dispatch;

/// <summary>What a provider knows about a send, for reconciliation.</summary>
/// <param name="Status">Whether it went out.</param>
/// <param name="MessageId">Provider message id when sent.</param>
/// <param name="DeliveryConfirmed">
/// The provider proved delivery (e.g. the message is in the recipient's thread), so reconciliation records the send
/// as confirmed by the provider, not only handed to it.
/// </param>
public readonly record struct DeliveryCheck(DeliveryStatus Status, string? MessageId = null, bool DeliveryConfirmed = false);
