using System.Collections.Frozen;
using System.Globalization;
using System.Numerics;
using Caio.Leads;
using Caio.Scoring.Internal;
using Microsoft.Extensions.Options;

namespace Caio.Scoring;

/// <summary>
/// The default <see cref="IIcpScorer"/>: applies the rules of <see cref="IcpOptions"/>. The options are
/// validated and compiled into word and phrase tables once, at construction; the instance is
/// immutable and safe to share between threads.
/// </summary>
public sealed partial class IcpScorer : IIcpScorer
{
    /// <summary>The largest multiplier the options accept.</summary>
    public const double MaxMultiplier = 10;

    // Phrase classes of the title matcher (bit positions of the match mask).
    private const int TitleIgnoredClass = 0;
    private const int TitleSupportClass = 5;

    // Phrase classes of the industry matcher: 1..3 are the industry tiers.
    private const int IndustryExcludedClass = 4;

    // The class bits of each matcher's mask: title classes Manager..CLevel, industry tiers Tier1..Tier3.
    private const int TitleClassBits = 0b1_1110;
    private const int IndustryTierBits = 0b1110;
    private const int IndustryTierCount = (int)IndustryTier.Tier3 + 1;

    private readonly PhraseMatcher _titles;
    private readonly PhraseMatcher _industries;
    private readonly CompanyExclusionMatcher _companies;
    private readonly int[] _titlePoints;
    private readonly int[] _industryPoints;
    private readonly SizeBand[] _bands;
    private readonly int _minimumEmployees;
    private readonly FrozenDictionary<string, int> _technologies;
    private readonly FrozenDictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _technologyLookup;
    private readonly Technology[] _technologyEntries;

    // The points of each technology id, and one more id, the last, for every name not configured (worth 0).
    private readonly int[] _technologyPoints;
    private readonly int _unknownTechnology;
    private readonly int _techCap;
    private readonly IntentOptions _intent;
    private readonly int[] _intentSourcePoints;
    private readonly int[] _engagementSourcePoints;
    private readonly int[] _multipliers;
    private readonly int _maxScore;
    private readonly TierOptions _tiers;
    private readonly TextMatchCache _titleCache = new();
    private readonly TextMatchCache _industryCache = new();
    private readonly TextMatchCache _technologyCache = new();

    /// <summary>Creates a scorer from options resolved through dependency injection.</summary>
    /// <param name="options">The options.</param>
    /// <exception cref="OptionsValidationException">The options are not valid.</exception>
    public IcpScorer(IOptions<IcpOptions> options)
        : this((options ?? throw new ArgumentNullException(nameof(options))).Value)
    {
    }

    /// <summary>Creates a scorer from options built in code.</summary>
    /// <param name="options">The options.</param>
    /// <exception cref="OptionsValidationException">The options are not valid.</exception>
    public IcpScorer(IcpOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = IcpOptionsValidator.Collect(options);
        if (errors.Count > 0)
        {
            throw new OptionsValidationException(Options.DefaultName, typeof(IcpOptions), errors);
        }

        _titles = BuildTitleMatcher(options.Titles);
        _industries = BuildIndustryMatcher(options.Industries, options.Exclusions);
        _companies = new CompanyExclusionMatcher(options.Exclusions.CompanyNames, options.Exclusions.Domains);

        _titlePoints = new int[(int)TitleClass.CLevel + 1];
        _titlePoints[(int)TitleClass.Manager] = options.Titles.Manager.Points;
        _titlePoints[(int)TitleClass.Director] = options.Titles.Director.Points;
        _titlePoints[(int)TitleClass.VpStrategic] = options.Titles.VpStrategic.Points;
        _titlePoints[(int)TitleClass.CLevel] = options.Titles.CLevel.Points;

        _industryPoints = new int[(int)IndustryTier.Tier3 + 1];
        _industryPoints[(int)IndustryTier.Tier1] = options.Industries.Tier1.Points;
        _industryPoints[(int)IndustryTier.Tier2] = options.Industries.Tier2.Points;
        _industryPoints[(int)IndustryTier.Tier3] = options.Industries.Tier3.Points;

        _minimumEmployees = options.CompanySize.MinimumEmployees;
        _bands = [.. options.CompanySize.Bands
            .Select(pair => new SizeBand(pair.Key, pair.Value.Min, pair.Value.Max ?? int.MaxValue, pair.Value.Points))
            .OrderBy(band => band.Min)];

        var technologies = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        var entries = new List<Technology>();
        foreach (var (category, settings) in options.TechStack.Categories)
        {
            foreach (var name in settings.Technologies)
            {
                var trimmed = name.Trim();
                if (technologies.TryAdd(trimmed, entries.Count))
                {
                    entries.Add(new Technology(trimmed, category, settings.Points));
                }
            }
        }

        _technologies = technologies.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);
        _technologyLookup = _technologies.GetAlternateLookup<ReadOnlySpan<char>>();
        _technologyEntries = [.. entries];
        _unknownTechnology = entries.Count;
        _technologyPoints = [.. entries.Select(entry => entry.Points), 0];
        _techCap = options.TechStack.Cap;

        _intent = Copy(options.Intent);
        _intentSourcePoints = SourcePoints(options.Intent.SourceTypePoints);
        _engagementSourcePoints = SourcePoints(options.Engagement.SourceTypePoints);

        _multipliers = MultiplierTable(options.Multipliers);

        _maxScore = options.MaxScore;
        _tiers = new TierOptions
        {
            Tier1Min = options.Tiers.Tier1Min,
            Tier2Min = options.Tiers.Tier2Min,
            Tier3Min = options.Tiers.Tier3Min,
            NeedsReviewMin = options.Tiers.NeedsReviewMin,
            NeedsReviewMax = options.Tiers.NeedsReviewMax,
        };
    }

    /// <inheritdoc />
    public IcpEvaluation Evaluate(Lead lead)
    {
        ArgumentNullException.ThrowIfNull(lead);
        return EvaluateCore(lead, trace: null);
    }

    private IcpEvaluation EvaluateCore(Lead lead, ScoreTrace? trace)
    {
        var company = lead.Company;
        var disqualifications = IcpDisqualifications.None;

        // Company size.
        var sizePoints = 0;
        if (company?.Employees is int employees && employees >= 0)
        {
            if (employees < _minimumEmployees)
            {
                disqualifications |= IcpDisqualifications.CompanyTooSmall;
            }

            sizePoints = BandPoints(employees);
        }

        // Title.
        var titleClass = TitleClass.None;
        if (lead.Title is { } title)
        {
            // The most senior class matched, unless the title names a support role. Log2 of no bits is 0, None.
            var mask = Match(_titles, _titleCache, title, trace?.TitleEntries);
            var supportRole = (mask >> TitleSupportClass) & 1;
            titleClass = (TitleClass)BitOperations.Log2((uint)(mask & TitleClassBits & (supportRole - 1)));
        }

        // Industry and excluded industries.
        var industryTier = IndustryTier.None;
        if (company?.Industry is { } industry)
        {
            // The best tier matched is the lowest tier bit. With no bit, the count of trailing zeros is 32, and
            // 32 & 31 is 0, None.
            var mask = Match(_industries, _industryCache, industry, trace?.IndustryEntries);
            industryTier = (IndustryTier)(BitOperations.TrailingZeroCount((uint)(mask & IndustryTierBits)) & 31);

            if ((mask & (1 << IndustryExcludedClass)) != 0)
            {
                disqualifications |= IcpDisqualifications.ExcludedIndustry;
            }
        }

        // Excluded companies and domains.
        if (company?.Name is { } name && _companies.IsExcludedName(name, out var excludedName))
        {
            disqualifications |= IcpDisqualifications.ExcludedCompanyName;
            trace?.ExcludedName = excludedName;
        }

        if (_companies.HasDomains)
        {
            var companyHost = company?.Domain is { } domain ? CompanyExclusionMatcher.NormalizeHost(domain) : default;
            if (_companies.IsExcludedHost(companyHost, out var excludedDomain))
            {
                disqualifications |= IcpDisqualifications.ExcludedDomain;
                trace?.ExcludedDomain = excludedDomain;
                trace?.ExcludedDomainSource = company!.Domain;
            }
            else if (lead.Email is { } email && email.Contains('@', StringComparison.Ordinal)
                && !CompanyExclusionMatcher.IsPlainAddressAt(email, companyHost))
            {
                // Most work addresses share the company domain, already checked above.
                var emailHost = CompanyExclusionMatcher.NormalizeHost(email);
                if (!emailHost.Equals(companyHost, StringComparison.OrdinalIgnoreCase)
                    && _companies.IsExcludedHost(emailHost, out excludedDomain))
                {
                    disqualifications |= IcpDisqualifications.ExcludedDomain;
                    trace?.ExcludedDomain = excludedDomain;
                    trace?.ExcludedDomainSource = email;
                }
            }
        }

        var techPoints = TechStackPoints(company?.TechStack, trace);
        var intentPoints = IntentPoints(lead, trace);
        var engagementPoints = SourcePoints(_engagementSourcePoints, lead.Source, trace?.EngagementParts);

        var titlePoints = _titlePoints[(int)titleClass];
        var industryPoints = _industryPoints[(int)industryTier];
        var sum = sizePoints + titlePoints + industryPoints + techPoints + intentPoints + engagementPoints;

        // Integer hundredths: 50 × 1.1 is exactly 55, never 54.999… truncated to 54.
        var multiplier = MultiplierHundredths(titleClass, industryTier);
        var score = Math.Min(_maxScore, sum * multiplier / 100);

        return new IcpEvaluation
        {
            Score = score,
            Tier = TierOf(score),
            // min <= score <= max as one unsigned comparison (both bounds are validated not negative).
            NeedsReview = (uint)(score - _tiers.NeedsReviewMin) <= (uint)(_tiers.NeedsReviewMax - _tiers.NeedsReviewMin),
            Disqualifications = disqualifications,
            Multiplier = multiplier / 100.0,
            CompanySize = sizePoints,
            Title = titlePoints,
            Industry = industryPoints,
            TechStack = techPoints,
            Intent = intentPoints,
            Engagement = engagementPoints,
            TitleClass = titleClass,
            IndustryTier = industryTier,
        };
    }

    private int MultiplierHundredths(TitleClass titleClass, IndustryTier industryTier) =>
        _multipliers[((int)titleClass * IndustryTierCount) + (int)industryTier];

    /// <summary>The multiplier, in hundredths, of every title class and industry tier: one row per class.</summary>
    private static int[] MultiplierTable(MultiplierOptions multipliers)
    {
        var table = new int[((int)TitleClass.CLevel + 1) * IndustryTierCount];
        for (var c = TitleClass.None; c <= TitleClass.CLevel; c++)
        {
            for (var t = IndustryTier.None; t <= IndustryTier.Tier3; t++)
            {
                table[((int)c * IndustryTierCount) + (int)t] = Hundredths((c, t) switch
                {
                    (TitleClass.CLevel, IndustryTier.Tier1) => multipliers.CLevelInTier1Industry,
                    (TitleClass.CLevel, _) => multipliers.CLevel,
                    (TitleClass.VpStrategic, IndustryTier.Tier1) => multipliers.VpStrategicInTier1Industry,
                    (TitleClass.VpStrategic, IndustryTier.Tier2) => multipliers.VpStrategicInTier2Industry,
                    (TitleClass.VpStrategic, _) => multipliers.VpStrategic,
                    _ => multipliers.Other,
                });
            }
        }

        return table;
    }

    // The minimums are validated to fall (Tier1Min > Tier2Min > Tier3Min), so each one reached lifts the tier by one.
    private Tier TierOf(int score) => Tier.Tier4
        - (score >= _tiers.Tier3Min ? 1 : 0) - (score >= _tiers.Tier2Min ? 1 : 0) - (score >= _tiers.Tier1Min ? 1 : 0);

    /// <summary>The points of the band holding <paramref name="employees"/>, or 0.</summary>
    /// <remarks>
    /// The bands do not overlap (validated), so at most one adds its points. Every band is tested and its points
    /// masked rather than the loop stopping at the match: the count varies from lead to lead, and a loop exit the
    /// processor cannot predict costs more than the few comparisons.
    /// </remarks>
    private int BandPoints(int employees)
    {
        var points = 0;
        foreach (var band in _bands)
        {
            points += band.Points & -(band.Holds(employees) ? 1 : 0);
        }

        return points;
    }
}
