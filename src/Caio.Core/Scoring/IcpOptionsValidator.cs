using Caio.Scoring.Internal;
using Microsoft.Extensions.Options;

namespace Caio.Scoring;

/// <summary>
/// Validates <see cref="IcpOptions"/> at start: thresholds in order, no negative points, valid
/// phrases, non-overlapping size bands, multipliers with at most two decimals. Every message names
/// the setting by its configuration key (for example <c>Caio:Scoring:Tiers:Tier1Min</c>).
/// </summary>
internal sealed partial class IcpOptionsValidator : IValidateOptions<IcpOptions>
{
    private const string Prefix = IcpOptions.SectionName + ":";

    /// <summary>Validates the options.</summary>
    /// <param name="name">The options name (unused: every named instance follows the same rules).</param>
    /// <param name="options">The options to validate.</param>
    /// <returns>Success, or a failure listing every problem.</returns>
    public ValidateOptionsResult Validate(string? name, IcpOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = Collect(options);
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    internal static List<string> Collect(IcpOptions options)
    {
        var errors = new List<string>();
        if (options.MaxScore <= 0)
        {
            errors.Add($"{Prefix}MaxScore must be greater than 0.");
        }

        ValidateCompanySize(options.CompanySize, errors);
        ValidateTitles(options.Titles, errors);
        ValidateIndustries(options.Industries, errors);
        ValidateExclusions(options.Exclusions, errors);
        ValidateTechStack(options.TechStack, errors);
        ValidateIntent(options.Intent, errors);
        ValidateEngagement(options.Engagement, errors);
        ValidateMultipliers(options.Multipliers, errors);
        ValidateTiers(options.Tiers, options.MaxScore, errors);
        return errors;
    }

    private static void ValidateCompanySize(CompanySizeOptions? size, List<string> errors)
    {
        const string Key = Prefix + "CompanySize";
        if (size is null)
        {
            errors.Add($"{Key} must be set.");
            return;
        }

        NotNegative(size.MinimumEmployees, $"{Key}:MinimumEmployees", errors);
        if (size.Bands is null)
        {
            errors.Add($"{Key}:Bands must be set.");
            return;
        }

        var valid = new List<(string Name, CompanySizeBand Band)>();
        foreach (var (bandName, band) in size.Bands)
        {
            var key = $"{Key}:Bands:{bandName}";
            if (band is null)
            {
                errors.Add($"{key} must be set.");
                continue;
            }

            NotNegative(band.Min, $"{key}:Min", errors);
            NotNegative(band.Points, $"{key}:Points", errors);
            if (band.Max is int max && max < band.Min)
            {
                errors.Add($"{key}:Max must be greater than or equal to Min.");
                continue;
            }

            valid.Add((bandName, band));
        }

        valid.Sort((a, b) => a.Band.Min.CompareTo(b.Band.Min));
        for (var i = 1; i < valid.Count; i++)
        {
            var previous = valid[i - 1];
            if (previous.Band.Max is not int previousMax || previousMax >= valid[i].Band.Min)
            {
                errors.Add($"{Key}:Bands:{previous.Name} overlaps {Key}:Bands:{valid[i].Name}.");
            }
        }
    }

    private static void ValidateTitles(TitleOptions? titles, List<string> errors)
    {
        const string Key = Prefix + "Titles";
        if (titles is null)
        {
            errors.Add($"{Key} must be set.");
            return;
        }

        ValidateClass(titles.CLevel, $"{Key}:CLevel", errors);
        ValidateClass(titles.VpStrategic, $"{Key}:VpStrategic", errors);
        ValidateClass(titles.Director, $"{Key}:Director", errors);
        ValidateClass(titles.Manager, $"{Key}:Manager", errors);
        ValidatePhrases(titles.IgnoredPhrases, $"{Key}:IgnoredPhrases", errors);
        ValidatePhrases(titles.SupportRolePhrases, $"{Key}:SupportRolePhrases", errors);

        static void ValidateClass(TitleClassOptions? titleClass, string key, List<string> errors)
        {
            if (titleClass is null)
            {
                errors.Add($"{key} must be set.");
                return;
            }

            NotNegative(titleClass.Points, $"{key}:Points", errors);
            ValidatePhrases(titleClass.Phrases, $"{key}:Phrases", errors);
        }
    }

    private static void ValidateIndustries(IndustryOptions? industries, List<string> errors)
    {
        const string Key = Prefix + "Industries";
        if (industries is null)
        {
            errors.Add($"{Key} must be set.");
            return;
        }

        ValidateTier(industries.Tier1, $"{Key}:Tier1", errors);
        ValidateTier(industries.Tier2, $"{Key}:Tier2", errors);
        ValidateTier(industries.Tier3, $"{Key}:Tier3", errors);

        static void ValidateTier(IndustryTierOptions? tier, string key, List<string> errors)
        {
            if (tier is null)
            {
                errors.Add($"{key} must be set.");
                return;
            }

            NotNegative(tier.Points, $"{key}:Points", errors);
            ValidatePhrases(tier.Phrases, $"{key}:Phrases", errors);
        }
    }

    private static void ValidateExclusions(ExclusionOptions? exclusions, List<string> errors)
    {
        const string Key = Prefix + "Exclusions";
        if (exclusions is null)
        {
            errors.Add($"{Key} must be set.");
            return;
        }

        ValidatePhrases(exclusions.Industries, $"{Key}:Industries", errors);
        if (exclusions.CompanyNames is null)
        {
            errors.Add($"{Key}:CompanyNames must be set.");
        }
        else
        {
            for (var i = 0; i < exclusions.CompanyNames.Count; i++)
            {
                var companyName = exclusions.CompanyNames[i];
                if (string.IsNullOrWhiteSpace(companyName) || CompanyExclusionMatcher.CanonicalName(companyName).Length == 0)
                {
                    errors.Add($"{Key}:CompanyNames:{i} ('{companyName}') has no letters or digits.");
                }
            }
        }

        if (exclusions.Domains is null)
        {
            errors.Add($"{Key}:Domains must be set.");
        }
        else
        {
            for (var i = 0; i < exclusions.Domains.Count; i++)
            {
                var domain = exclusions.Domains[i];
                var host = domain is null ? default : CompanyExclusionMatcher.NormalizeHost(domain);
                if (host.IsEmpty || domain!.AsSpan().Trim().ContainsAny(" \t\r\n"))
                {
                    errors.Add($"{Key}:Domains:{i} ('{domain}') is not a domain.");
                }
            }
        }
    }

    private static void ValidateTechStack(TechStackOptions? techStack, List<string> errors)
    {
        const string Key = Prefix + "TechStack";
        if (techStack is null)
        {
            errors.Add($"{Key} must be set.");
            return;
        }

        NotNegative(techStack.Cap, $"{Key}:Cap", errors);
        if (techStack.Categories is null)
        {
            errors.Add($"{Key}:Categories must be set.");
            return;
        }

        var owners = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (categoryName, category) in techStack.Categories)
        {
            var key = $"{Key}:Categories:{categoryName}";
            if (category is null)
            {
                errors.Add($"{key} must be set.");
                continue;
            }

            NotNegative(category.Points, $"{key}:Points", errors);
            if (category.Technologies is null)
            {
                errors.Add($"{key}:Technologies must be set.");
                continue;
            }

            for (var i = 0; i < category.Technologies.Count; i++)
            {
                var technology = category.Technologies[i]?.Trim();
                if (string.IsNullOrEmpty(technology))
                {
                    errors.Add($"{key}:Technologies:{i} is empty.");
                    continue;
                }

                if (owners.TryGetValue(technology, out var owner))
                {
                    if (!string.Equals(owner, categoryName, StringComparison.Ordinal))
                    {
                        errors.Add($"{key}:Technologies contains '{technology}', which is already in {Key}:Categories:{owner}.");
                    }
                }
                else
                {
                    owners.Add(technology, categoryName);
                }
            }
        }
    }
}
