using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Serialization;
using Caio.State;

namespace Caio.Dispatch;

/// <summary>One (recipient, step) entry of the send ledger.</summary>
public sealed record LedgerEntry
{
    /// <summary>Canonical recipient key.</summary>
    public required string RecipientKey { get; init; }

    /// <summary>Sequence step.</summary>
    public required int Step { get; init; }

    /// <summary>State.</summary>
    public required LedgerState State { get; init; }

    /// <summary>Idempotency key passed to the provider.</summary>
    public required string IdempotencyKey { get; init; }

    /// <summary>Channel name that holds the reservation.</summary>
    public required string Channel { get; init; }

    /// <summary>Review item.</summary>
    public required string ItemId { get; init; }

    /// <summary>Batch.</summary>
    public required string BatchId { get; init; }

    /// <summary>
    /// Attempt number for this (recipient, step), starting at 1. A later attempt exists only when an
    /// earlier one was settled as not sent (failed, or reconciled not sent) and a new draft was approved.
    /// </summary>
    public int Attempt { get; init; } = 1;

    /// <summary>Executor that reserved it.</summary>
    public string? Executor { get; init; }

    /// <summary>When it was reserved.</summary>
    public DateTimeOffset ReservedAt { get; init; }

    /// <summary>When it last changed.</summary>
    public DateTimeOffset UpdatedAt { get; init; }

    /// <summary>Provider message id.</summary>
    public string? MessageId { get; init; }

    /// <summary>Error or reason of the latest change.</summary>
    public string? Detail { get; init; }

    /// <summary>
    /// When the provider confirmed a <see cref="LedgerState.Sent"/> entry (a delivery event or a proof
    /// read); <see langword="null"/> while it is only handed to the provider. Never changes the state.
    /// </summary>
    public DateTimeOffset? ConfirmedAt { get; init; }

    /// <summary>What confirmed it: <see cref="SendConfirmations.DeliveryEvent"/> or <see cref="SendConfirmations.ProofRead"/>.</summary>
    public string? ConfirmedBy { get; init; }
}
