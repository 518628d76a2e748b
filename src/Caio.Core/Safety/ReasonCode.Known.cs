namespace Caio.Safety;

/// <summary>The reason codes this SDK emits (their strings are the constants of <see cref="ReasonCodes"/>, <see cref="Caio.Batches.BatchRefusals"/> and <see cref="Caio.Review.ReviewRefusals"/>).</summary>
public readonly partial struct ReasonCode
{
    /// <summary><c>emergency_stop</c>: see <see cref="ReasonCodes.EmergencyStop"/>.</summary>
    public static ReasonCode EmergencyStop { get; } = new(ReasonCodes.EmergencyStop);

    /// <summary><c>emergency_stop_unreadable</c>: see <see cref="ReasonCodes.EmergencyStopUnreadable"/>.</summary>
    public static ReasonCode EmergencyStopUnreadable { get; } = new(ReasonCodes.EmergencyStopUnreadable);

    /// <summary><c>state_unavailable</c>: see <see cref="ReasonCodes.StateUnavailable"/>.</summary>
    public static ReasonCode StateUnavailable { get; } = new(ReasonCodes.StateUnavailable);

    /// <summary><c>dry_run</c>: see <see cref="ReasonCodes.DryRun"/>.</summary>
    public static ReasonCode DryRun { get; } = new(ReasonCodes.DryRun);

    /// <summary><c>shadow_mode</c>: see <see cref="ReasonCodes.ShadowMode"/>.</summary>
    public static ReasonCode ShadowMode { get; } = new(ReasonCodes.ShadowMode);

    /// <summary><c>batch_not_approved</c>: see <see cref="ReasonCodes.BatchNotApproved"/>.</summary>
    public static ReasonCode BatchNotApproved { get; } = new(ReasonCodes.BatchNotApproved);

    /// <summary><c>batch_expired</c>: see <see cref="ReasonCodes.BatchExpired"/>.</summary>
    public static ReasonCode BatchExpired { get; } = new(ReasonCodes.BatchExpired);

    /// <summary><c>batch_hash_mismatch</c>: see <see cref="ReasonCodes.BatchHashMismatch"/>.</summary>
    public static ReasonCode BatchHashMismatch { get; } = new(ReasonCodes.BatchHashMismatch);

    /// <summary><c>not_in_batch_scope</c>: see <see cref="ReasonCodes.NotInBatchScope"/>.</summary>
    public static ReasonCode NotInBatchScope { get; } = new(ReasonCodes.NotInBatchScope);

    /// <summary><c>invalid_recipient</c>: see <see cref="ReasonCodes.InvalidRecipient"/>.</summary>
    public static ReasonCode InvalidRecipient { get; } = new(ReasonCodes.InvalidRecipient);

    /// <summary><c>suppressed_unsubscribed</c>: see <see cref="ReasonCodes.SuppressedUnsubscribed"/>.</summary>
    public static ReasonCode SuppressedUnsubscribed { get; } = new(ReasonCodes.SuppressedUnsubscribed);

    /// <summary><c>suppressed_hard_bounce</c>: see <see cref="ReasonCodes.SuppressedHardBounce"/>.</summary>
    public static ReasonCode SuppressedHardBounce { get; } = new(ReasonCodes.SuppressedHardBounce);

    /// <summary><c>suppressed_soft_bounce</c>: see <see cref="ReasonCodes.SuppressedSoftBounce"/>.</summary>
    public static ReasonCode SuppressedSoftBounce { get; } = new(ReasonCodes.SuppressedSoftBounce);

    /// <summary><c>suppression_unreadable</c>: see <see cref="ReasonCodes.SuppressionUnreadable"/>.</summary>
    public static ReasonCode SuppressionUnreadable { get; } = new(ReasonCodes.SuppressionUnreadable);

    /// <summary><c>blocked_domain</c>: see <see cref="ReasonCodes.BlockedDomain"/>.</summary>
    public static ReasonCode BlockedDomain { get; } = new(ReasonCodes.BlockedDomain);

    /// <summary><c>blocked_email</c>: see <see cref="ReasonCodes.BlockedEmail"/>.</summary>
    public static ReasonCode BlockedEmail { get; } = new(ReasonCodes.BlockedEmail);

    /// <summary><c>role_address</c>: see <see cref="ReasonCodes.RoleAddress"/>.</summary>
    public static ReasonCode RoleAddress { get; } = new(ReasonCodes.RoleAddress);

    /// <summary><c>disposable_address</c>: see <see cref="ReasonCodes.DisposableAddress"/>.</summary>
    public static ReasonCode DisposableAddress { get; } = new(ReasonCodes.DisposableAddress);

    /// <summary><c>already_sent</c>: see <see cref="ReasonCodes.AlreadySent"/>.</summary>
    public static ReasonCode AlreadySent { get; } = new(ReasonCodes.AlreadySent);

    /// <summary><c>terminal_status</c>: see <see cref="ReasonCodes.TerminalStatus"/>.</summary>
    public static ReasonCode TerminalStatus { get; } = new(ReasonCodes.TerminalStatus);

    /// <summary><c>ramp_tier_restricted</c>: see <see cref="ReasonCodes.RampTierRestricted"/>.</summary>
    public static ReasonCode RampTierRestricted { get; } = new(ReasonCodes.RampTierRestricted);

    /// <summary><c>ramp_daily_limit</c>: see <see cref="ReasonCodes.RampDailyLimit"/>.</summary>
    public static ReasonCode RampDailyLimit { get; } = new(ReasonCodes.RampDailyLimit);

    /// <summary><c>cap_monthly</c>: see <see cref="ReasonCodes.CapMonthly"/>.</summary>
    public static ReasonCode CapMonthly { get; } = new(ReasonCodes.CapMonthly);

    /// <summary><c>cap_daily</c>: see <see cref="ReasonCodes.CapDaily"/>.</summary>
    public static ReasonCode CapDaily { get; } = new(ReasonCodes.CapDaily);

    /// <summary><c>cap_hourly</c>: see <see cref="ReasonCodes.CapHourly"/>.</summary>
    public static ReasonCode CapHourly { get; } = new(ReasonCodes.CapHourly);

    /// <summary><c>cap_domain_hourly</c>: see <see cref="ReasonCodes.CapDomainHourly"/>.</summary>
    public static ReasonCode CapDomainHourly { get; } = new(ReasonCodes.CapDomainHourly);

    /// <summary><c>cap_domain_batch</c>: see <see cref="ReasonCodes.CapDomainBatch"/>.</summary>
    public static ReasonCode CapDomainBatch { get; } = new(ReasonCodes.CapDomainBatch);

    /// <summary><c>cap_mailbox_daily</c>: see <see cref="ReasonCodes.CapMailboxDaily"/>.</summary>
    public static ReasonCode CapMailboxDaily { get; } = new(ReasonCodes.CapMailboxDaily);

    /// <summary><c>min_gap</c>: see <see cref="ReasonCodes.MinGap"/>.</summary>
    public static ReasonCode MinGap { get; } = new(ReasonCodes.MinGap);

    /// <summary><c>outside_send_window</c>: see <see cref="ReasonCodes.OutsideSendWindow"/>.</summary>
    public static ReasonCode OutsideSendWindow { get; } = new(ReasonCodes.OutsideSendWindow);

    /// <summary><c>sandbox_only</c>: see <see cref="ReasonCodes.SandboxOnly"/>.</summary>
    public static ReasonCode SandboxOnly { get; } = new(ReasonCodes.SandboxOnly);

    /// <summary><c>safety_check_failed</c>: see <see cref="ReasonCodes.SafetyCheckFailed"/>.</summary>
    public static ReasonCode SafetyCheckFailed { get; } = new(ReasonCodes.SafetyCheckFailed);

    /// <summary><c>empty_content</c>: see <see cref="ReasonCodes.EmptyContent"/>.</summary>
    public static ReasonCode EmptyContent { get; } = new(ReasonCodes.EmptyContent);

    /// <summary><c>item_not_found</c>: see <see cref="ReasonCodes.ItemNotFound"/>.</summary>
    public static ReasonCode ItemNotFound { get; } = new(ReasonCodes.ItemNotFound);

    /// <summary><c>item_unreadable</c>: see <see cref="ReasonCodes.ItemUnreadable"/>.</summary>
    public static ReasonCode ItemUnreadable { get; } = new(ReasonCodes.ItemUnreadable);

    /// <summary><c>no_channel</c>: see <see cref="ReasonCodes.NoChannel"/>.</summary>
    public static ReasonCode NoChannel { get; } = new(ReasonCodes.NoChannel);

    /// <summary><c>operator_error</c>: see <see cref="ReasonCodes.OperatorError"/>.</summary>
    public static ReasonCode OperatorError { get; } = new(ReasonCodes.OperatorError);

    /// <summary><c>earlier_attempt</c>: see <see cref="ReasonCodes.EarlierAttempt"/>.</summary>
    public static ReasonCode EarlierAttempt { get; } = new(ReasonCodes.EarlierAttempt);

    /// <summary><c>cancelled</c>: see <see cref="ReasonCodes.Cancelled"/>.</summary>
    public static ReasonCode Cancelled { get; } = new(ReasonCodes.Cancelled);

    /// <summary><c>outcome_unknown</c>: see <see cref="ReasonCodes.OutcomeUnknown"/>.</summary>
    public static ReasonCode OutcomeUnknown { get; } = new(ReasonCodes.OutcomeUnknown);

    /// <summary><c>provider_refused</c>: see <see cref="ReasonCodes.ProviderRefused"/>.</summary>
    public static ReasonCode ProviderRefused { get; } = new(ReasonCodes.ProviderRefused);

    /// <summary><c>reconciled_sent</c>: see <see cref="ReasonCodes.ReconciledSent"/>.</summary>
    public static ReasonCode ReconciledSent { get; } = new(ReasonCodes.ReconciledSent);

    /// <summary><c>reconciled_not_sent</c>: see <see cref="ReasonCodes.ReconciledNotSent"/>.</summary>
    public static ReasonCode ReconciledNotSent { get; } = new(ReasonCodes.ReconciledNotSent);

    /// <summary><c>item_pending</c>: see <see cref="ReasonCodes.ItemPending"/>.</summary>
    public static ReasonCode ItemPending { get; } = new(ReasonCodes.ItemPending);

    /// <summary><c>item_rejected</c>: see <see cref="ReasonCodes.ItemRejected"/>.</summary>
    public static ReasonCode ItemRejected { get; } = new(ReasonCodes.ItemRejected);

    /// <summary><c>item_expired</c>: see <see cref="ReasonCodes.ItemExpired"/>.</summary>
    public static ReasonCode ItemExpired { get; } = new(ReasonCodes.ItemExpired);

    /// <summary><c>item_sent</c>: see <see cref="ReasonCodes.ItemSent"/>.</summary>
    public static ReasonCode ItemSent { get; } = new(ReasonCodes.ItemSent);

    /// <summary><c>item_send_failed</c>: see <see cref="ReasonCodes.ItemSendFailed"/>.</summary>
    public static ReasonCode ItemSendFailed { get; } = new(ReasonCodes.ItemSendFailed);

    /// <summary><c>item_blocked</c>: see <see cref="ReasonCodes.ItemBlocked"/>.</summary>
    public static ReasonCode ItemBlocked { get; } = new(ReasonCodes.ItemBlocked);

    /// <summary><c>item_maybe_sent</c>: see <see cref="ReasonCodes.ItemMaybeSent"/>.</summary>
    public static ReasonCode ItemMaybeSent { get; } = new(ReasonCodes.ItemMaybeSent);

    /// <summary><c>orphan_claim_batch_missing</c>: see <see cref="ReasonCodes.OrphanClaimBatchMissing"/>.</summary>
    public static ReasonCode OrphanClaimBatchMissing { get; } = new(ReasonCodes.OrphanClaimBatchMissing);

    /// <summary><c>orphan_claim_batch_finished</c>: see <see cref="ReasonCodes.OrphanClaimBatchFinished"/>.</summary>
    public static ReasonCode OrphanClaimBatchFinished { get; } = new(ReasonCodes.OrphanClaimBatchFinished);

    /// <summary><c>provider_unavailable</c>: see <see cref="ReasonCodes.ProviderUnavailable"/>.</summary>
    public static ReasonCode ProviderUnavailable { get; } = new(ReasonCodes.ProviderUnavailable);

    /// <summary><c>tier_not_routed</c>: see <see cref="ReasonCodes.TierNotRouted"/>.</summary>
    public static ReasonCode TierNotRouted { get; } = new(ReasonCodes.TierNotRouted);

    /// <summary><c>duplicate</c>: see <see cref="ReasonCodes.Duplicate"/>.</summary>
    public static ReasonCode Duplicate { get; } = new(ReasonCodes.Duplicate);

    /// <summary><c>draft_ttl_exceeded</c>: see <see cref="ReasonCodes.DraftTtlExceeded"/>.</summary>
    public static ReasonCode DraftTtlExceeded { get; } = new(ReasonCodes.DraftTtlExceeded);

    /// <summary><c>disqualified</c>: see <see cref="ReasonCodes.Disqualified"/>.</summary>
    public static ReasonCode Disqualified { get; } = new(ReasonCodes.Disqualified);

    /// <summary><c>outside_segment</c>: see <see cref="ReasonCodes.OutsideSegment"/>.</summary>
    public static ReasonCode OutsideSegment { get; } = new(ReasonCodes.OutsideSegment);

    /// <summary><c>tier_4</c>: see <see cref="ReasonCodes.Tier4"/>.</summary>
    public static ReasonCode Tier4 { get; } = new(ReasonCodes.Tier4);

    /// <summary><c>batch_not_found</c>: see <see cref="Caio.Batches.BatchRefusals.NotFound"/>.</summary>
    public static ReasonCode BatchNotFound { get; } = new(Caio.Batches.BatchRefusals.NotFound);

    /// <summary><c>batch_already_executed</c>: see <see cref="Caio.Batches.BatchRefusals.AlreadyExecuted"/>.</summary>
    public static ReasonCode BatchAlreadyExecuted { get; } = new(Caio.Batches.BatchRefusals.AlreadyExecuted);

    /// <summary><c>batch_wrong_motion</c>: see <see cref="Caio.Batches.BatchRefusals.WrongMotion"/>.</summary>
    public static ReasonCode BatchWrongMotion { get; } = new(Caio.Batches.BatchRefusals.WrongMotion);

    /// <summary><c>batch_claimed_by_another_executor</c>: see <see cref="Caio.Batches.BatchRefusals.ClaimedByAnother"/>.</summary>
    public static ReasonCode BatchClaimedByAnother { get; } = new(Caio.Batches.BatchRefusals.ClaimedByAnother);

    /// <summary><c>batch_invalid_status</c>: see <see cref="Caio.Batches.BatchRefusals.InvalidStatus"/>.</summary>
    public static ReasonCode BatchInvalidStatus { get; } = new(Caio.Batches.BatchRefusals.InvalidStatus);

    /// <summary><c>nothing_to_batch</c>: see <see cref="Caio.Batches.BatchRefusals.NothingToBatch"/>.</summary>
    public static ReasonCode NothingToBatch { get; } = new(Caio.Batches.BatchRefusals.NothingToBatch);

    /// <summary><c>invalid_motion</c>: see <see cref="Caio.Batches.BatchRefusals.InvalidMotion"/>.</summary>
    public static ReasonCode InvalidMotion { get; } = new(Caio.Batches.BatchRefusals.InvalidMotion);

    /// <summary><c>batch_contended</c>: see <see cref="Caio.Batches.BatchRefusals.Contended"/>.</summary>
    public static ReasonCode BatchContended { get; } = new(Caio.Batches.BatchRefusals.Contended);

    /// <summary><c>not_found</c>: see <see cref="Caio.Review.ReviewRefusals.NotFound"/>.</summary>
    public static ReasonCode NotFound { get; } = new(Caio.Review.ReviewRefusals.NotFound);

    /// <summary><c>already_decided</c>: see <see cref="Caio.Review.ReviewRefusals.AlreadyDecided"/>.</summary>
    public static ReasonCode AlreadyDecided { get; } = new(Caio.Review.ReviewRefusals.AlreadyDecided);

    /// <summary><c>expired</c>: see <see cref="Caio.Review.ReviewRefusals.Expired"/>.</summary>
    public static ReasonCode Expired { get; } = new(Caio.Review.ReviewRefusals.Expired);

    /// <summary><c>placeholder</c>: see <see cref="Caio.Review.ReviewRefusals.Placeholder"/>.</summary>
    public static ReasonCode Placeholder { get; } = new(Caio.Review.ReviewRefusals.Placeholder);

    /// <summary><c>template_missing</c>: see <see cref="Caio.Crafting.CraftRefusals.TemplateMissing"/>.</summary>
    public static ReasonCode TemplateMissing { get; } = new(Caio.Crafting.CraftRefusals.TemplateMissing);

    /// <summary><c>merge_field_missing</c>: see <see cref="Caio.Crafting.CraftRefusals.MergeFieldMissing"/>.</summary>
    public static ReasonCode MergeFieldMissing { get; } = new(Caio.Crafting.CraftRefusals.MergeFieldMissing);

    /// <summary><c>invalid_tag</c>: see <see cref="Caio.Review.ReviewRefusals.InvalidTag"/>.</summary>
    public static ReasonCode InvalidTag { get; } = new(Caio.Review.ReviewRefusals.InvalidTag);

    /// <summary><c>missing_reason</c>: see <see cref="Caio.Review.ReviewRefusals.MissingReason"/>.</summary>
    public static ReasonCode MissingReason { get; } = new(Caio.Review.ReviewRefusals.MissingReason);

    /// <summary><c>conflict</c>: see <see cref="Caio.Review.ReviewRefusals.Conflict"/>.</summary>
    public static ReasonCode Conflict { get; } = new(Caio.Review.ReviewRefusals.Conflict);
}
