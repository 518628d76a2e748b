using System.Collections.Frozen;
using System.Globalization;
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
    private readonly int _techCap;
    private readonly IntentOptions _intent;
    private readonly int[] _intentSourcePoints;
    private readonly int[] _engagementSourcePoints;
    private readonly int _multiplierCLevelTier1;
    private readonly int _multiplierCLevel;
    private readonly int _multiplierVpTier1;
    private readonly int _multiplierVpTier2;
    private readonly int _multiplierVp;
    private readonly int _multiplierOther;
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
        _techCap = options.TechStack.Cap;

        _intent = Copy(options.Intent);
        _intentSourcePoints = SourcePoints(options.Intent.SourceTypePoints);
        _engagementSourcePoints = SourcePoints(options.Engagement.SourceTypePoints);

        var multipliers = options.Multipliers;
        _multiplierCLevelTier1 = Hundredths(multipliers.CLevelInTier1Industry);
        _multiplierCLevel = Hundredths(multipliers.CLevel);
        _multiplierVpTier1 = Hundredths(multipliers.VpStrategicInTier1Industry);
        _multiplierVpTier2 = Hundredths(multipliers.VpStrategicInTier2Industry);
        _multiplierVp = Hundredths(multipliers.VpStrategic);
        _multiplierOther = Hundredths(multipliers.Other);

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

            foreach (var band in _bands)
            {
                if (employees >= band.Min && employees <= band.Max)
                {
                    sizePoints = band.Points;
                    if (trace is not null)
                    {
                        trace.Band = band;
                    }

                    break;
                }
            }
        }

        // Title.
        var titleClass = TitleClass.None;
        if (lead.Title is { } title)
        {
            var mask = Match(_titles, _titleCache, title, trace?.TitleEntries);
            if ((mask & (1 << TitleSupportClass)) == 0)
            {
                for (var c = (int)TitleClass.CLevel; c >= (int)TitleClass.Manager; c--)
                {
                    if ((mask & (1 << c)) != 0)
                    {
                        titleClass = (TitleClass)c;
                        break;
                    }
                }
            }
        }

        // Industry and excluded industries.
        var industryTier = IndustryTier.None;
        if (company?.Industry is { } industry)
        {
            var mask = Match(_industries, _industryCache, industry, trace?.IndustryEntries);
            for (var c = (int)IndustryTier.Tier1; c <= (int)IndustryTier.Tier3; c++)
            {
                if ((mask & (1 << c)) != 0)
                {
                    industryTier = (IndustryTier)c;
                    break;
                }
            }

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
            NeedsReview = score >= _tiers.NeedsReviewMin && score <= _tiers.NeedsReviewMax,
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

    private int MultiplierHundredths(TitleClass titleClass, IndustryTier industryTier) => titleClass switch
    {
        TitleClass.CLevel => industryTier == IndustryTier.Tier1 ? _multiplierCLevelTier1 : _multiplierCLevel,
        TitleClass.VpStrategic => industryTier switch
        {
            IndustryTier.Tier1 => _multiplierVpTier1,
            IndustryTier.Tier2 => _multiplierVpTier2,
            _ => _multiplierVp,
        },
        _ => _multiplierOther,
    };

    private Tier TierOf(int score) =>
        score >= _tiers.Tier1Min ? Tier.Tier1
        : score >= _tiers.Tier2Min ? Tier.Tier2
        : score >= _tiers.Tier3Min ? Tier.Tier3
        : Tier.Tier4;
}
