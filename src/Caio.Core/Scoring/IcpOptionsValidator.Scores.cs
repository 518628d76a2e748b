using System.Globalization;
using Caio.Leads;
using Caio.Scoring.Internal;

namespace Caio.Scoring;

/// <summary>The scoring half of <see cref="IcpOptionsValidator"/>: intent, engagement, multipliers, tiers and the shared checks.</summary>
internal sealed partial class IcpOptionsValidator
{
    private static void ValidateIntent(IntentOptions? intent, List<string> errors)
    {
        const string Key = Prefix + "Intent";
        if (intent is null)
        {
            errors.Add($"{Key} must be set.");
            return;
        }

        NotNegative(intent.Cap, $"{Key}:Cap", errors);
        NotNegative(intent.SiteVisitsHighPoints, $"{Key}:SiteVisitsHighPoints", errors);
        NotNegative(intent.SiteVisitsLowPoints, $"{Key}:SiteVisitsLowPoints", errors);
        NotNegative(intent.ContentDownloadsHighPoints, $"{Key}:ContentDownloadsHighPoints", errors);
        NotNegative(intent.ContentDownloadsLowPoints, $"{Key}:ContentDownloadsLowPoints", errors);
        NotNegative(intent.PricingPagePoints, $"{Key}:PricingPagePoints", errors);
        NotNegative(intent.DemoRequestedPoints, $"{Key}:DemoRequestedPoints", errors);
        AtLeastOne(intent.SiteVisitsLowThreshold, $"{Key}:SiteVisitsLowThreshold", errors);
        AtLeastOne(intent.ContentDownloadsLowThreshold, $"{Key}:ContentDownloadsLowThreshold", errors);
        AtLeastOne(intent.PricingPageThreshold, $"{Key}:PricingPageThreshold", errors);
        if (intent.SiteVisitsHighThreshold <= intent.SiteVisitsLowThreshold)
        {
            errors.Add($"{Key}:SiteVisitsHighThreshold must be greater than SiteVisitsLowThreshold.");
        }

        if (intent.ContentDownloadsHighThreshold <= intent.ContentDownloadsLowThreshold)
        {
            errors.Add($"{Key}:ContentDownloadsHighThreshold must be greater than ContentDownloadsLowThreshold.");
        }

        ValidateSourcePoints(intent.SourceTypePoints, $"{Key}:SourceTypePoints", errors);
    }

    private static void ValidateEngagement(EngagementOptions? engagement, List<string> errors)
    {
        const string Key = Prefix + "Engagement";
        if (engagement is null)
        {
            errors.Add($"{Key} must be set.");
            return;
        }

        ValidateSourcePoints(engagement.SourceTypePoints, $"{Key}:SourceTypePoints", errors);
    }

    private static void ValidateMultipliers(MultiplierOptions? multipliers, List<string> errors)
    {
        const string Key = Prefix + "Multipliers";
        if (multipliers is null)
        {
            errors.Add($"{Key} must be set.");
            return;
        }

        Multiplier(multipliers.CLevelInTier1Industry, $"{Key}:CLevelInTier1Industry", errors);
        Multiplier(multipliers.CLevel, $"{Key}:CLevel", errors);
        Multiplier(multipliers.VpStrategicInTier1Industry, $"{Key}:VpStrategicInTier1Industry", errors);
        Multiplier(multipliers.VpStrategicInTier2Industry, $"{Key}:VpStrategicInTier2Industry", errors);
        Multiplier(multipliers.VpStrategic, $"{Key}:VpStrategic", errors);
        Multiplier(multipliers.Other, $"{Key}:Other", errors);

        static void Multiplier(double value, string key, List<string> errors)
        {
            if (!double.IsFinite(value) || value <= 0 || value > IcpScorer.MaxMultiplier)
            {
                errors.Add(string.Create(CultureInfo.InvariantCulture, $"{key} must be greater than 0 and at most {IcpScorer.MaxMultiplier}."));
            }
            else if (Math.Abs((value * 100) - Math.Round(value * 100)) > 1e-6)
            {
                errors.Add($"{key} must have at most two decimals.");
            }
        }
    }

    private static void ValidateTiers(TierOptions? tiers, int maxScore, List<string> errors)
    {
        const string Key = Prefix + "Tiers";
        if (tiers is null)
        {
            errors.Add($"{Key} must be set.");
            return;
        }

        if (tiers.Tier1Min > maxScore)
        {
            errors.Add($"{Key}:Tier1Min must not be greater than {Prefix}MaxScore.");
        }

        if (tiers.Tier1Min <= tiers.Tier2Min)
        {
            errors.Add($"{Key}:Tier1Min must be greater than Tier2Min.");
        }

        if (tiers.Tier2Min <= tiers.Tier3Min)
        {
            errors.Add($"{Key}:Tier2Min must be greater than Tier3Min.");
        }

        if (tiers.Tier3Min <= 0)
        {
            errors.Add($"{Key}:Tier3Min must be greater than 0.");
        }

        if (tiers.NeedsReviewMin > tiers.NeedsReviewMax)
        {
            errors.Add($"{Key}:NeedsReviewMin must not be greater than NeedsReviewMax.");
        }

        NotNegative(tiers.NeedsReviewMin, $"{Key}:NeedsReviewMin", errors);
    }

    private static void ValidatePhrases(IList<string>? phrases, string key, List<string> errors)
    {
        if (phrases is null)
        {
            errors.Add($"{key} must be set.");
            return;
        }

        for (var i = 0; i < phrases.Count; i++)
        {
            if (!PhraseMatcher.TryParse(phrases[i], out _, out _, out var error))
            {
                errors.Add($"{key}:{i} ('{phrases[i]}') {error}.");
            }
        }
    }

    private static void ValidateSourcePoints(IDictionary<SourceType, int>? points, string key, List<string> errors)
    {
        if (points is null)
        {
            errors.Add($"{key} must be set.");
            return;
        }

        foreach (var (sourceType, value) in points)
        {
            if (!Enum.IsDefined(sourceType))
            {
                errors.Add($"{key} names an unknown source type ({(int)sourceType}).");
            }

            NotNegative(value, $"{key}:{sourceType}", errors);
        }
    }

    private static void NotNegative(int value, string key, List<string> errors)
    {
        if (value < 0)
        {
            errors.Add($"{key} must not be negative.");
        }
    }

    private static void AtLeastOne(int value, string key, List<string> errors)
    {
        if (value < 1)
        {
            errors.Add($"{key} must be at least 1.");
        }
    }
}
