namespace Caio.Safety;

/// <summary>
/// The machine-readable reasons a send is refused or postponed. The same snake_case strings appear in
/// run reports, <c>status</c>, the dashboard and the audit trail, so they are part of the public contract:
/// codes are added, never renamed or reused.
/// </summary>
public static class ReasonCodes
{
    /// <summary>Denied: the emergency stop is engaged (environment, configuration or runtime switch).</summary>
    public const string EmergencyStop = "emergency_stop";

    /// <summary>Denied: the emergency stop's state could not be read, so the chain fails closed.</summary>
    public const string EmergencyStopUnreadable = "emergency_stop_unreadable";

    /// <summary>
    /// Refused: the shared state backend (Redis) is unreachable or does not answer in time, so nothing is
    /// dispatched: never a local lock or a guess in its place. Sends resume once the backend answers.
    /// </summary>
    public const string StateUnavailable = "state_unavailable";

    /// <summary>Denied: the run is not live (dry-run is the default).</summary>
    public const string DryRun = "dry_run";

    /// <summary>Denied: shadow mode is on; the draft goes to the outbox instead of a provider.</summary>
    public const string ShadowMode = "shadow_mode";

    /// <summary>Denied: a live send has no batch, or its batch is not approved.</summary>
    public const string BatchNotApproved = "batch_not_approved";

    /// <summary>Denied: the batch's approval has expired.</summary>
    public const string BatchExpired = "batch_expired";

    /// <summary>Denied: the batch's recomputed preview hash differs from the approved one.</summary>
    public const string BatchHashMismatch = "batch_hash_mismatch";

    /// <summary>Denied: the action is not part of the batch's frozen scope.</summary>
    public const string NotInBatchScope = "not_in_batch_scope";

    /// <summary>Denied: the recipient key is missing or malformed.</summary>
    public const string InvalidRecipient = "invalid_recipient";

    /// <summary>Denied: the recipient unsubscribed.</summary>
    public const string SuppressedUnsubscribed = "suppressed_unsubscribed";

    /// <summary>Denied: the recipient's address hard-bounced.</summary>
    public const string SuppressedHardBounce = "suppressed_hard_bounce";

    /// <summary>Denied: the recipient's address soft-bounced the configured number of times.</summary>
    public const string SuppressedSoftBounce = "suppressed_soft_bounce";

    /// <summary>
    /// Denied: the recipient's suppression record could not be read (corrupt, or its state directory is
    /// broken), so the chain fails closed. Only a record that is definitely absent means "not suppressed".
    /// </summary>
    public const string SuppressionUnreadable = "suppression_unreadable";

    /// <summary>Denied: the recipient's domain (or a parent domain) is blocked.</summary>
    public const string BlockedDomain = "blocked_domain";

    /// <summary>Denied: the recipient's address is blocked.</summary>
    public const string BlockedEmail = "blocked_email";

    /// <summary>Denied: the address is a role mailbox (info@, sales@ …).</summary>
    public const string RoleAddress = "role_address";

    /// <summary>Denied: the address belongs to a disposable-mail domain.</summary>
    public const string DisposableAddress = "disposable_address";

    /// <summary>Denied: this sequence step was already sent to the recipient (on any channel).</summary>
    public const string AlreadySent = "already_sent";

    /// <summary>Denied: the recipient is in a terminal state (bounced, unsubscribed, rejected, disqualified …).</summary>
    public const string TerminalStatus = "terminal_status";

    /// <summary>Denied: during the ramp only the allowed tiers are sent.</summary>
    public const string RampTierRestricted = "ramp_tier_restricted";

    /// <summary>Deferred: the ramp's daily limit is used up; retry on the next day.</summary>
    public const string RampDailyLimit = "ramp_daily_limit";

    /// <summary>Deferred: the monthly cap is used up; retry when the month ends.</summary>
    public const string CapMonthly = "cap_monthly";

    /// <summary>Deferred: the daily cap is used up; retry when the day ends.</summary>
    public const string CapDaily = "cap_daily";

    /// <summary>Deferred: the hourly cap is used up; retry when the hour ends.</summary>
    public const string CapHourly = "cap_hourly";

    /// <summary>Deferred: the per-recipient-domain hourly cap is used up; retry when the hour ends.</summary>
    public const string CapDomainHourly = "cap_domain_hourly";

    /// <summary>Denied: the batch already holds the allowed number of sends to this recipient domain.</summary>
    public const string CapDomainBatch = "cap_domain_batch";

    /// <summary>Deferred: the sending mailbox's daily cap is used up; retry when the day ends.</summary>
    public const string CapMailboxDaily = "cap_mailbox_daily";

    /// <summary>Deferred: the minimum gap since the previous send has not passed yet.</summary>
    public const string MinGap = "min_gap";

    /// <summary>Deferred: outside business hours in the recipient's time zone; retry at the next opening.</summary>
    public const string OutsideSendWindow = "outside_send_window";

    /// <summary>
    /// Denied: sandbox work (review items and batches approved by the sandbox's automatic approver) is sent only
    /// on the recording sandbox channels, never on a real one.
    /// </summary>
    public const string SandboxOnly = "sandbox_only";

    /// <summary>Denied: a guard failed (for example the state store was unavailable); the chain fails closed.</summary>
    public const string SafetyCheckFailed = "safety_check_failed";

    /// <summary>Denied by the operator: the approved subject or body is empty or whitespace (email needs both, LinkedIn a body).</summary>
    public const string EmptyContent = "empty_content";

    /// <summary>Operator: the action's review item no longer exists.</summary>
    public const string ItemNotFound = "item_not_found";

    /// <summary>Operator: the action's review item record cannot be read; it is quarantined, keeps its batch claim and is left in place for repair.</summary>
    public const string ItemUnreadable = "item_unreadable";

    /// <summary>Operator: no channel of the action's kind is selected; for a live run without any real channel the whole run is refused with it.</summary>
    public const string NoChannel = "no_channel";

    /// <summary>Operator: the action failed inside the operator (an unexpected exception); nothing more is known.</summary>
    public const string OperatorError = "operator_error";

    /// <summary>Operator: the item already holds its (recipient, step) in the ledger from an earlier attempt, which is settled without a new provider call.</summary>
    public const string EarlierAttempt = "earlier_attempt";

    /// <summary>Operator: the executor was cancelled after the ledger reservation and before the provider call; everything was given back.</summary>
    public const string Cancelled = "cancelled";

    /// <summary>Operator: the provider call failed in a way that leaves its outcome unknown; the item is maybe_sent until reconciled.</summary>
    public const string OutcomeUnknown = "outcome_unknown";

    /// <summary>Operator: the provider refused the message; the item is send_failed.</summary>
    public const string ProviderRefused = "provider_refused";

    /// <summary>Reconciliation: the provider confirmed the send.</summary>
    public const string ReconciledSent = "reconciled_sent";

    /// <summary>Reconciliation: the provider has no record of the send; the item is send_failed.</summary>
    public const string ReconciledNotSent = "reconciled_not_sent";

    /// <summary>Operator: the action's item is still pending (never approved).</summary>
    public const string ItemPending = "item_pending";

    /// <summary>Operator: the action's item was rejected.</summary>
    public const string ItemRejected = "item_rejected";

    /// <summary>Operator: the action's item expired.</summary>
    public const string ItemExpired = "item_expired";

    /// <summary>Operator, resuming a batch: the action's item was already sent.</summary>
    public const string ItemSent = "item_sent";

    /// <summary>Operator, resuming a batch: the action's item already failed.</summary>
    public const string ItemSendFailed = "item_send_failed";

    /// <summary>Operator, resuming a batch: the action's item was already blocked by a safety layer.</summary>
    public const string ItemBlocked = "item_blocked";

    /// <summary>Operator, resuming a batch: the action's item is maybe_sent and awaits reconciliation.</summary>
    public const string ItemMaybeSent = "item_maybe_sent";

    /// <summary>
    /// Batch hygiene: an approved item's claim named a batch that does not exist (left by a batch
    /// creation interrupted before this SDK created batches in one commit); the claim was released.
    /// </summary>
    public const string OrphanClaimBatchMissing = "orphan_claim_batch_missing";

    /// <summary>
    /// Batch hygiene: an approved item's claim named a rejected, expired or executed batch (left by a
    /// finishing step interrupted before this SDK released claims in the same commit); the claim was released.
    /// </summary>
    public const string OrphanClaimBatchFinished = "orphan_claim_batch_finished";
    /// <summary>
    /// Provider packages: the provider was not called — its circuit breaker is open (it failed repeatedly),
    /// its client-side rate limiter is full, or it answered 429 to the sending request; nothing was sent.
    /// </summary>
    public const string ProviderUnavailable = "provider_unavailable";

    /// <summary>Provider packages: the recipient's tier is not routed to this channel (<c>Caio:Providers:Routing</c>).</summary>
    public const string TierNotRouted = "tier_not_routed";

    /// <summary>Enqueue and the pipeline's dedup stage: a draft for the same recipient and subject (or the same lead) is already queued.</summary>
    public const string Duplicate = "duplicate";

    /// <summary>Review hygiene: the draft waited longer than the draft time to live and expired undecided.</summary>
    public const string DraftTtlExceeded = "draft_ttl_exceeded";

    /// <summary>Pipeline: scoring disqualified the lead (an excluded company, title or industry).</summary>
    public const string Disqualified = "disqualified";

    /// <summary>Pipeline: the lead is outside the segment the run was asked for.</summary>
    public const string OutsideSegment = "outside_segment";

    /// <summary>Pipeline: the lead scored in tier 4 and gets no draft.</summary>
    public const string Tier4 = "tier_4";
}
