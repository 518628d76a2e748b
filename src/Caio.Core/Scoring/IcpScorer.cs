using System.Collections.Frozen;
using System.Globalization;
using System.Text;
using Caio.Leads;
using Caio.Scoring.Internal;
using Microsoft.Extensions.Options;

namespace Caio.Scoring;

/// <summary>
/// The default <see cref="IIcpScorer"/>: applies the rules of <see cref="IcpOptions"/>. The options are
/// validated and compiled into word and phrase tables once, at construction; the instance is
/// immutable and safe to share between threads.
/// </summary>
public sealed class IcpScorer : IIcpScorer
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

    /// <inheritdoc />
    public IcpScore Score(Lead lead)
    {
        ArgumentNullException.ThrowIfNull(lead);
        var trace = new ScoreTrace();
        var evaluation = EvaluateCore(lead, trace);
        var reasons = new List<ScoreReason>(8)
        {
            new(ScoreCategories.CompanySize, evaluation.CompanySize, DescribeCompanySize(lead, trace)),
            new(ScoreCategories.Title, evaluation.Title, DescribeTitle(lead, evaluation, trace)),
            new(ScoreCategories.Industry, evaluation.Industry, DescribeIndustry(lead, evaluation, trace)),
            new(ScoreCategories.TechStack, evaluation.TechStack, DescribeTechStack(lead, trace)),
            new(ScoreCategories.Intent, evaluation.Intent, DescribeParts(trace.IntentParts, trace.IntentRaw, _intent.Cap, "no intent signals")),
            new(ScoreCategories.Engagement, evaluation.Engagement, DescribeParts(trace.EngagementParts, evaluation.Engagement, int.MaxValue, "no engagement bonus")),
            new(ScoreCategories.Multiplier, 0, DescribeMultiplier(evaluation)),
        };

        if (evaluation.Disqualified)
        {
            reasons.Add(new(ScoreCategories.Disqualified, 0, DescribeDisqualification(lead, evaluation, trace)));
        }

        return new IcpScore
        {
            Score = evaluation.Score,
            Tier = evaluation.Tier,
            NeedsReview = evaluation.NeedsReview,
            Disqualified = evaluation.Disqualified,
            Multiplier = evaluation.Multiplier,
            Reasons = reasons,
        };
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
            var mask = _titles.Match(title, trace?.TitleEntries);
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
            var mask = _industries.Match(industry, trace?.IndustryEntries);
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
            else if (lead.Email is { } email && email.Contains('@', StringComparison.Ordinal))
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

    private int TechStackPoints(IReadOnlyList<string>? stack, ScoreTrace? trace)
    {
        if (stack is null || stack.Count == 0 || _technologyEntries.Length == 0)
        {
            return 0;
        }

        Span<ulong> seen = stackalloc ulong[(_technologyEntries.Length + 63) / 64];
        var total = 0;
        for (var i = 0; i < stack.Count; i++)
        {
            var name = stack[i];
            if (name is null || !_technologyLookup.TryGetValue(name.AsSpan().Trim(), out var id))
            {
                continue;
            }

            var bit = 1UL << (id & 63);
            if ((seen[id >> 6] & bit) != 0)
            {
                continue;
            }

            seen[id >> 6] |= bit;
            total += _technologyEntries[id].Points;
            trace?.Technologies.Add(id);
        }

        if (trace is not null)
        {
            trace.TechRaw = total;
        }

        return Math.Min(total, _techCap);
    }

    private int IntentPoints(Lead lead, ScoreTrace? trace)
    {
        var parts = trace?.IntentParts;
        var total = 0;
        if (lead.Intent is { } signals)
        {
            var visits = signals.SiteVisits;
            var points = visits >= _intent.SiteVisitsHighThreshold ? _intent.SiteVisitsHighPoints
                : visits >= _intent.SiteVisitsLowThreshold ? _intent.SiteVisitsLowPoints
                : 0;
            if (points > 0)
            {
                total += points;
                parts?.Add((Plural(visits, "site visit"), points));
            }

            var downloads = signals.ContentDownloads;
            points = downloads >= _intent.ContentDownloadsHighThreshold ? _intent.ContentDownloadsHighPoints
                : downloads >= _intent.ContentDownloadsLowThreshold ? _intent.ContentDownloadsLowPoints
                : 0;
            if (points > 0)
            {
                total += points;
                parts?.Add((Plural(downloads, "content download"), points));
            }

            if (signals.PricingPageVisits >= _intent.PricingPageThreshold && _intent.PricingPagePoints > 0)
            {
                total += _intent.PricingPagePoints;
                parts?.Add(("pricing page visited", _intent.PricingPagePoints));
            }

            if (signals.DemoRequested && _intent.DemoRequestedPoints > 0)
            {
                total += _intent.DemoRequestedPoints;
                parts?.Add(("demo requested", _intent.DemoRequestedPoints));
            }
        }

        total += SourcePoints(_intentSourcePoints, lead.Source, parts);
        if (trace is not null)
        {
            trace.IntentRaw = total;
        }

        return Math.Min(total, _intent.Cap);
    }

    private static string Plural(int count, string noun) =>
        string.Create(CultureInfo.InvariantCulture, $"{count} {noun}{(count == 1 ? string.Empty : "s")}");

    private static int SourcePoints(int[] table, LeadSource? source, List<(string Label, int Points)>? parts)
    {
        if (source is null || (uint)source.Type >= (uint)table.Length)
        {
            return 0;
        }

        var points = table[(int)source.Type];
        if (points != 0)
        {
            parts?.Add(("source " + SourceTypeName(source.Type), points));
        }

        return points;
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

    private string DescribeCompanySize(Lead lead, ScoreTrace trace)
    {
        var employees = lead.Company?.Employees;
        return employees switch
        {
            null => "employee count unknown",
            < 0 => Invariant($"employee count {employees} is not valid; treated as unknown"),
            _ when employees < _minimumEmployees => Invariant($"{employees} employees, below the minimum of {_minimumEmployees}"),
            _ when trace.Band is { } band => Invariant($"{employees} employees, band {band.Name} ({band.Range})"),
            _ => Invariant($"{employees} employees, in no size band"),
        };
    }

    private string DescribeTitle(Lead lead, IcpEvaluation evaluation, ScoreTrace trace)
    {
        if (string.IsNullOrWhiteSpace(lead.Title))
        {
            return "no title";
        }

        var support = PhrasesOf(_titles, trace.TitleEntries, TitleSupportClass);
        if (support.Length > 0)
        {
            return $"title '{lead.Title}' names a support role ({support}); no seniority points";
        }

        return evaluation.TitleClass == TitleClass.None
            ? $"title '{lead.Title}' matched no seniority class"
            : $"title '{lead.Title}' matched {evaluation.TitleClass.ToWireName()} ({PhrasesOf(_titles, trace.TitleEntries, (int)evaluation.TitleClass)})";
    }

    private string DescribeIndustry(Lead lead, IcpEvaluation evaluation, ScoreTrace trace)
    {
        var industry = lead.Company?.Industry;
        if (string.IsNullOrWhiteSpace(industry))
        {
            return "no industry";
        }

        var text = evaluation.IndustryTier == IndustryTier.None
            ? $"industry '{industry}' matched no industry tier"
            : $"industry '{industry}' matched {IndustryTierText(evaluation.IndustryTier)} ({PhrasesOf(_industries, trace.IndustryEntries, (int)evaluation.IndustryTier)})";
        var excluded = PhrasesOf(_industries, trace.IndustryEntries, IndustryExcludedClass);
        return excluded.Length > 0 ? $"{text}; excluded ({excluded})" : text;
    }

    private string DescribeTechStack(Lead lead, ScoreTrace trace)
    {
        if (lead.Company?.TechStack is not { Count: > 0 })
        {
            return "no tech stack";
        }

        if (trace.Technologies.Count == 0)
        {
            return "no scored technologies";
        }

        var builder = new StringBuilder();
        foreach (var id in trace.Technologies)
        {
            var technology = _technologyEntries[id];
            builder.Append(builder.Length == 0 ? string.Empty : ", ")
                .Append(CultureInfo.InvariantCulture, $"{technology.Name} +{technology.Points} ({technology.Category})");
        }

        AppendTotal(builder, trace.Technologies.Count, trace.TechRaw, _techCap);
        return builder.ToString();
    }

    private static string DescribeParts(List<(string Label, int Points)> parts, int raw, int cap, string none)
    {
        if (parts.Count == 0)
        {
            return none;
        }

        var builder = new StringBuilder();
        foreach (var (label, points) in parts)
        {
            builder.Append(builder.Length == 0 ? string.Empty : ", ")
                .Append(CultureInfo.InvariantCulture, $"{label} +{points}");
        }

        AppendTotal(builder, parts.Count, raw, cap);
        return builder.ToString();
    }

    private static void AppendTotal(StringBuilder builder, int count, int raw, int cap)
    {
        if (count > 1 || raw > cap)
        {
            builder.Append(CultureInfo.InvariantCulture, $" = {raw}");
        }

        if (raw > cap)
        {
            builder.Append(CultureInfo.InvariantCulture, $", capped at {cap}");
        }
    }

    private string DescribeMultiplier(IcpEvaluation evaluation)
    {
        var hundredths = MultiplierHundredths(evaluation.TitleClass, evaluation.IndustryTier);
        var factor = FormatHundredths(hundredths);
        var why = evaluation.TitleClass switch
        {
            TitleClass.CLevel or TitleClass.VpStrategic when evaluation.IndustryTier != IndustryTier.None =>
                $"{evaluation.TitleClass.ToWireName()} title in {IndustryTierText(evaluation.IndustryTier)}",
            TitleClass.CLevel or TitleClass.VpStrategic => $"{evaluation.TitleClass.ToWireName()} title",
            _ => "no title multiplier",
        };

        var product = evaluation.Sum * hundredths;
        var text = Invariant($"×{factor} for {why}: {evaluation.Sum} × {factor} = {product / 100m:0.##}");
        if (product % 100 != 0)
        {
            text += Invariant($", truncated to {product / 100}");
        }

        if (product / 100 > _maxScore)
        {
            text += Invariant($", capped at {_maxScore}");
        }

        return text;
    }

    private static string DescribeDisqualification(Lead lead, IcpEvaluation evaluation, ScoreTrace trace)
    {
        var parts = new List<string>(4);
        var why = evaluation.Disqualifications;
        if ((why & IcpDisqualifications.CompanyTooSmall) != 0)
        {
            parts.Add(Invariant($"company has {lead.Company?.Employees} employees, below the minimum"));
        }

        if ((why & IcpDisqualifications.ExcludedIndustry) != 0)
        {
            parts.Add($"industry '{lead.Company?.Industry}' is excluded");
        }

        if ((why & IcpDisqualifications.ExcludedCompanyName) != 0)
        {
            parts.Add($"company '{lead.Company?.Name}' is excluded ({trace.ExcludedName})");
        }

        if ((why & IcpDisqualifications.ExcludedDomain) != 0)
        {
            parts.Add($"domain of '{trace.ExcludedDomainSource}' is excluded ({trace.ExcludedDomain})");
        }

        return string.Join("; ", parts);
    }

    private static string PhrasesOf(PhraseMatcher matcher, List<int> matched, int phraseClass)
    {
        var entries = matcher.Entries;
        var phrases = matched
            .Where(index => entries[index].Class == phraseClass)
            .Select(index => entries[index].Phrase)
            .Distinct(StringComparer.OrdinalIgnoreCase);
        return string.Join(", ", phrases);
    }

    private static string IndustryTierText(IndustryTier tier) => tier switch
    {
        IndustryTier.Tier1 => "industry tier 1",
        IndustryTier.Tier2 => "industry tier 2",
        IndustryTier.Tier3 => "industry tier 3",
        _ => "no industry tier",
    };

    private static string FormatHundredths(int value) =>
        (value / 100m).ToString("0.0#", CultureInfo.InvariantCulture);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private static PhraseMatcher BuildTitleMatcher(TitleOptions titles)
    {
        var builder = new PhraseMatcher.Builder();
        AddAll(builder, titles.SupportRolePhrases, TitleSupportClass);
        AddAll(builder, titles.CLevel.Phrases, (int)TitleClass.CLevel);
        AddAll(builder, titles.VpStrategic.Phrases, (int)TitleClass.VpStrategic);
        AddAll(builder, titles.Director.Phrases, (int)TitleClass.Director);
        AddAll(builder, titles.Manager.Phrases, (int)TitleClass.Manager);
        AddAll(builder, titles.IgnoredPhrases, TitleIgnoredClass);
        return builder.Build();
    }

    private static PhraseMatcher BuildIndustryMatcher(IndustryOptions industries, ExclusionOptions exclusions)
    {
        var builder = new PhraseMatcher.Builder();
        AddAll(builder, exclusions.Industries, IndustryExcludedClass);
        AddAll(builder, industries.Tier1.Phrases, (int)IndustryTier.Tier1);
        AddAll(builder, industries.Tier2.Phrases, (int)IndustryTier.Tier2);
        AddAll(builder, industries.Tier3.Phrases, (int)IndustryTier.Tier3);
        return builder.Build();
    }

    private static void AddAll(PhraseMatcher.Builder builder, IEnumerable<string> phrases, int phraseClass)
    {
        foreach (var phrase in phrases)
        {
            builder.Add(phrase, phraseClass);
        }
    }

    private static int[] SourcePoints(IDictionary<SourceType, int> points)
    {
        var table = new int[Enum.GetValues<SourceType>().Max(value => (int)value) + 1];
        foreach (var (sourceType, value) in points)
        {
            if ((uint)sourceType < (uint)table.Length)
            {
                table[(int)sourceType] = value;
            }
        }

        return table;
    }

    private static IntentOptions Copy(IntentOptions intent) => new()
    {
        Cap = intent.Cap,
        SiteVisitsHighThreshold = intent.SiteVisitsHighThreshold,
        SiteVisitsHighPoints = intent.SiteVisitsHighPoints,
        SiteVisitsLowThreshold = intent.SiteVisitsLowThreshold,
        SiteVisitsLowPoints = intent.SiteVisitsLowPoints,
        ContentDownloadsHighThreshold = intent.ContentDownloadsHighThreshold,
        ContentDownloadsHighPoints = intent.ContentDownloadsHighPoints,
        ContentDownloadsLowThreshold = intent.ContentDownloadsLowThreshold,
        ContentDownloadsLowPoints = intent.ContentDownloadsLowPoints,
        PricingPageThreshold = intent.PricingPageThreshold,
        PricingPagePoints = intent.PricingPagePoints,
        DemoRequestedPoints = intent.DemoRequestedPoints,
    };

    private static int Hundredths(double multiplier) => (int)Math.Round(multiplier * 100, MidpointRounding.AwayFromZero);

    internal static string SourceTypeName(SourceType type) => type switch
    {
        SourceType.Import => "import",
        SourceType.PostCommenter => "post_commenter",
        SourceType.EventAttendee => "event_attendee",
        SourceType.CompetitorFollower => "competitor_follower",
        SourceType.WebsiteVisitor => "website_visitor",
        SourceType.ContentDownloader => "content_downloader",
        SourceType.DemoRequester => "demo_requester",
        SourceType.WebinarRegistrant => "webinar_registrant",
        SourceType.Search => "search",
        _ => ((int)type).ToString(CultureInfo.InvariantCulture),
    };

    private sealed record SizeBand(string Name, int Min, int Max, int Points)
    {
        public string Range => Max == int.MaxValue
            ? Invariant($"{Min} or more")
            : Invariant($"{Min}–{Max}");
    }

    private sealed record Technology(string Name, string Category, int Points);

    private sealed class ScoreTrace
    {
        public List<int> TitleEntries { get; } = [];

        public List<int> IndustryEntries { get; } = [];

        public List<int> Technologies { get; } = [];

        public List<(string Label, int Points)> IntentParts { get; } = [];

        public List<(string Label, int Points)> EngagementParts { get; } = [];

        public SizeBand? Band { get; set; }

        public int TechRaw { get; set; }

        public int IntentRaw { get; set; }

        public string? ExcludedName { get; set; }

        public string? ExcludedDomain { get; set; }

        public string? ExcludedDomainSource { get; set; }
    }
}
