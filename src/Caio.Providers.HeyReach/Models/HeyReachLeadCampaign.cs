namespace Caio.Providers.HeyReach;

/// <summary>A campaign a lead is in (from <c>GetCampaignsForLead</c>).</summary>
/// <param name="CampaignId">Campaign id.</param>
/// <param name="Status">The lead's status in it, when given.</param>
public sealed record HeyReachLeadCampaign(long CampaignId, string? Status);
