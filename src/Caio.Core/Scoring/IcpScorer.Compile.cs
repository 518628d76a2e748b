using System.Globalization;
using Caio.Leads;
using Caio.Scoring.Internal;

namespace Caio.Scoring;

/// <summary>The construction half of <see cref="IcpScorer"/>: options compiled into lookup tables.</summary>
public sealed partial class IcpScorer
{
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
}
