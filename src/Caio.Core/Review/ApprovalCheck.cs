using System.Collections.Frozen;
using Caio.Safety;

namespace Caio.Review;

/// <summary>
/// Looks at a review item through the safety chain as it stands now, reserving nothing, and names what
/// about the item itself stops it from going out: the ramp's tiers, a role or disposable address, a
/// suppression or block, a step already sent. Run-level layers (emergency stop, dry run, batch approval,
/// caps, the send window) are not the item's doing and are left to the dispatch preview.
/// </summary>
/// <param name="chain">The safety chain.</param>
public sealed class ApprovalCheck(SafetyChain chain)
{
    private static readonly FrozenSet<ReasonCode> ItemCodes = new[]
    {
        ReasonCode.InvalidRecipient, ReasonCode.SuppressedUnsubscribed, ReasonCode.SuppressedHardBounce,
        ReasonCode.SuppressedSoftBounce, ReasonCode.SuppressionUnreadable, ReasonCode.BlockedDomain,
        ReasonCode.BlockedEmail, ReasonCode.RoleAddress, ReasonCode.DisposableAddress, ReasonCode.AlreadySent,
        ReasonCode.TerminalStatus, ReasonCode.RampTierRestricted,
    }.ToFrozenSet();

    private readonly SafetyChain _chain = chain ?? throw new ArgumentNullException(nameof(chain));

    /// <summary>What stops <paramref name="item"/> from going out now, if anything.</summary>
    /// <param name="item">The item (typically just approved).</param>
    /// <param name="cancellationToken">Cancels the check.</param>
    /// <returns>The refusals the item would meet (each with its code's explanation), empty when nothing about the item stands in the way.</returns>
    public async ValueTask<IReadOnlyList<Refusal>> CheckAsync(ReviewItem item, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(item);
        var at = item.RecipientKey.LastIndexOf('@');
        var context = new SendContext
        {
            RecipientKey = item.RecipientKey,
            RecipientDomain = at >= 0 ? item.RecipientKey[(at + 1)..] : null,
            CompanyDomain = item.CompanyDomain,
            RecipientTimeZone = item.TimeZone,
            Channel = item.Channel,
            Step = item.Step,
            Tier = item.Tier,
            Motion = item.Motion,
            SandboxWork = item.Sandbox,
            Live = false,
        };
        var result = await _chain.EvaluateAsync(context, EvaluationMode.DryRun, cancellationToken).ConfigureAwait(false);
        return [.. result.Findings
            .Select(f => f.Decision.Refusal)
            .OfType<Refusal>()
            .Where(r => ItemCodes.Contains(r.Code))];
    }
}
