using System.Globalization;
using Caio.Leads;
using Caio.Scoring.Internal;

namespace Caio.Scoring;

/// <summary>The per-dimension points of <see cref="IcpScorer"/>: text matching, technologies, intent and source.</summary>
public sealed partial class IcpScorer
{
    private int TechStackPoints(IReadOnlyList<string>? stack, ScoreTrace? trace)
    {
        if (stack is null || stack.Count == 0 || _technologyEntries.Length == 0)
        {
            return 0;
        }

        Span<ulong> seen = stackalloc ulong[(_technologyEntries.Length + 63) / 64];
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
    private int TechnologyPoints(string? name, Span<ulong> seen, ScoreTrace? trace)
    {
        var id = name is null ? -1 : TechnologyId(name);
        if (id < 0)
        {
            return 0;
        }

        var bit = 1UL << (id & 63);
        if ((seen[id >> 6] & bit) != 0)
        {
            return 0;
        }

        seen[id >> 6] |= bit;
        trace?.Technologies.Add(id);
        return _technologyEntries[id].Points;
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

    /// <summary>The id of a configured technology (name trimmed, any case), or -1.</summary>
    private int TechnologyId(string name)
    {
        if (_technologyCache.TryGet(name, out var id, out var slot, out var hash))
        {
            return id;
        }

        id = _technologyLookup.TryGetValue(name.AsSpan().Trim(), out var found) ? found : -1;
        _technologyCache.Set(slot, name, hash, id);
        return id;
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
}
