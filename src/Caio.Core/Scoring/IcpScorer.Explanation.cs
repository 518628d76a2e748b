using System.Globalization;
using System.Text;
using Caio.Leads;
using Caio.Scoring.Internal;

namespace Caio.Scoring;

/// <summary>
/// The explanation half of <see cref="IcpScorer"/>: the human-readable reasons of <see cref="Score"/>, written only
/// when asked for (a report, <c>queue show</c>). <see cref="Evaluate"/> never reaches this code.
/// </summary>
public sealed partial class IcpScorer
{
    /// <inheritdoc />
    public IcpScore Score(Lead lead)
    {
        ArgumentNullException.ThrowIfNull(lead);
        var trace = new ScoreTrace();
        var evaluation = EvaluateCore(lead, trace);
        var reasons = new List<ScoreReason>(8)
        {
            new(ScoreCategories.CompanySize, evaluation.CompanySize, DescribeCompanySize(lead)),
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

    private string DescribeCompanySize(Lead lead)
    {
        var employees = lead.Company?.Employees;
        return employees switch
        {
            null => "employee count unknown",
            < 0 => Invariant($"employee count {employees} is not valid; treated as unknown"),
            _ when employees < _minimumEmployees => Invariant($"{employees} employees, below the minimum of {_minimumEmployees}"),
            _ when Array.Find(_bands, band => band.Holds(employees.Value)) is { } band => Invariant($"{employees} employees, band {band.Name} ({band.Range})"),
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

    private sealed record SizeBand(string Name, int Min, int Max, int Points)
    {
        public string Range => Max == int.MaxValue
            ? Invariant($"{Min} or more")
            : Invariant($"{Min}–{Max}");

        /// <summary>Whether the band holds a count (not negative): Min ≤ count ≤ Max as one unsigned comparison.</summary>
        public bool Holds(int count) => (uint)(count - Min) <= (uint)(Max - Min);
    }

    private sealed record Technology(string Name, string Category, int Points);

    private sealed class ScoreTrace
    {
        public List<int> TitleEntries { get; } = [];

        public List<int> IndustryEntries { get; } = [];

        public List<int> Technologies { get; } = [];

        public List<(string Label, int Points)> IntentParts { get; } = [];

        public List<(string Label, int Points)> EngagementParts { get; } = [];

        public int TechRaw { get; set; }

        public int IntentRaw { get; set; }

        public string? ExcludedName { get; set; }

        public string? ExcludedDomain { get; set; }

        public string? ExcludedDomainSource { get; set; }
    }
}
