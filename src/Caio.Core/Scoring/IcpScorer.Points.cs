using System.Globalization;
using Caio.Leads;
using Caio.Scoring.Internal;

namespace Caio.Scoring;

/// <summary>The per-dimension points of <see cref="IcpScorer"/>: text matching, technologies, intent and source.</summary>
public sealed partial class IcpScorer
{
    private int TechStackPoints(IReadOnlyList<string>? stack, ScoreTrace? trace)
    {
        if (stack is null || _technologyEntries.Length == 0)
        {
            return 0;
        }

        // One bit per technology id (the unknown one included).
        Span<ulong> seen = stackalloc ulong[(_technologyPoints.Length + 63) / 64];
        var total = 0;
        if (stack is string[] array)
        {
            // Arrays (what the readers produce) without an interface call per element.
            foreach (var name in array)
            {
                total += TechnologyPoints(name, seen, trace);
            }
        }
        else
        {
            for (var i = 0; i < stack.Count; i++)
            {
                total += TechnologyPoints(stack[i], seen, trace);
            }
        }

        if (trace is not null)
        {
            trace.TechRaw = total;
        }

        return Math.Min(total, _techCap);
    }

    /// <summary>The points of one technology of a lead's stack: 0 when unknown or already counted.</summary>
    /// <remarks>
    /// Whether a name is known, and whether the lead named it before, vary from one name to the next, so neither is a
    /// branch: an unknown name has an id of its own worth no points, and a repeat's points are masked to 0.
    /// </remarks>
    private int TechnologyPoints(string? name, Span<ulong> seen, ScoreTrace? trace)
    {
        var id = name is null ? _unknownTechnology : TechnologyId(name);
        ref var word = ref seen[id >> 6];
        var first = (int)(~word >> (id & 63)) & 1;
        word |= 1UL << (id & 63);
        if (trace is not null && first != 0 && id != _unknownTechnology)
        {
            trace.Technologies.Add(id);
        }

        return _technologyPoints[id] & -first;
    }

    /// <summary>
    /// Matches a text, through the cache when no trace is wanted (an explanation needs the matched entries, which
    /// the cache does not keep).
    /// </summary>
    private static int Match(PhraseMatcher matcher, TextMatchCache cache, string text, List<int>? matched)
    {
        if (matched is not null)
        {
            return matcher.Match(text, matched);
        }

        if (cache.TryGet(text, out var mask, out var slot, out var hash))
        {
            return mask;
        }

        mask = matcher.Match(text, null);
        cache.Set(slot, text, hash, mask);
        return mask;
    }

    /// <summary>The id of a configured technology (name trimmed, any case), or the id of unknown names.</summary>
    private int TechnologyId(string name)
    {
        if (_technologyCache.TryGet(name, out var id, out var slot, out var hash))
        {
            return id;
        }

        id = _technologyLookup.TryGetValue(name.AsSpan().Trim(), out var found) ? found : _unknownTechnology;
        _technologyCache.Set(slot, name, hash, id);
        return id;
    }

    private int IntentPoints(Lead lead, ScoreTrace? trace)
    {
        var parts = trace?.IntentParts;
        var total = 0;
        if (lead.Intent is { } signals)
        {
            // Each signal's points are selected, not branched on: the counts vary from lead to lead. Only an
            // explanation (parts not null) branches, to name what scored.
            var visits = signals.SiteVisits;
            var points = Stepped(visits, _intent.SiteVisitsLowThreshold, _intent.SiteVisitsLowPoints, _intent.SiteVisitsHighThreshold, _intent.SiteVisitsHighPoints);
            total += points;
            if (parts is not null && points > 0)
            {
                parts.Add((Plural(visits, "site visit"), points));
            }

            var downloads = signals.ContentDownloads;
            points = Stepped(downloads, _intent.ContentDownloadsLowThreshold, _intent.ContentDownloadsLowPoints, _intent.ContentDownloadsHighThreshold, _intent.ContentDownloadsHighPoints);
            total += points;
            if (parts is not null && points > 0)
            {
                parts.Add((Plural(downloads, "content download"), points));
            }

            points = signals.PricingPageVisits >= _intent.PricingPageThreshold ? _intent.PricingPagePoints : 0;
            total += points;
            if (parts is not null && points > 0)
            {
                parts.Add(("pricing page visited", points));
            }

            points = signals.DemoRequested ? _intent.DemoRequestedPoints : 0;
            total += points;
            if (parts is not null && points > 0)
            {
                parts.Add(("demo requested", points));
            }
        }

        total += SourcePoints(_intentSourcePoints, lead.Source, parts);
        if (trace is not null)
        {
            trace.IntentRaw = total;
        }

        return Math.Min(total, _intent.Cap);
    }

    /// <summary>The points of a count against a low and a higher threshold (validated to be higher): none below the low one.</summary>
    private static int Stepped(int count, int lowThreshold, int lowPoints, int highThreshold, int highPoints)
    {
        var points = count >= lowThreshold ? lowPoints : 0;
        return count >= highThreshold ? highPoints : points;
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
        if (parts is not null && points != 0)
        {
            parts.Add(("source " + SourceTypeName(source.Type), points));
        }

        return points;
    }
}
