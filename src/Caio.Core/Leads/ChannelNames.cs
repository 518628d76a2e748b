using System.Diagnostics.CodeAnalysis;

namespace Caio.Leads;

/// <summary>
/// The one table of channel names: the wire names of the two channel kinds (<see cref="Channel"/>) and the
/// names of the dispatch channels that send them (the providers and the recording sandbox). CLI parsing,
/// provider routing, configuration, webhooks, the content digest and the web API all use these, so a
/// name is spelt once.
/// </summary>
public static class ChannelNames
{
    /// <summary>The email channel kind's wire name.</summary>
    public const string Email = "email";

    /// <summary>The LinkedIn channel kind's wire name.</summary>
    public const string LinkedIn = "linkedin";

    /// <summary>Selects both recording sandbox channels (<c>--channels sandbox</c>).</summary>
    public const string Sandbox = "sandbox";

    /// <summary>The recording sandbox channel for email.</summary>
    public const string SandboxEmail = "sandbox-email";

    /// <summary>The recording sandbox channel for LinkedIn.</summary>
    public const string SandboxLinkedIn = "sandbox-linkedin";

    /// <summary>The Instantly provider (email).</summary>
    public const string Instantly = "instantly";

    /// <summary>The HeyReach provider (LinkedIn).</summary>
    public const string HeyReach = "heyreach";

    /// <summary>The GoHighLevel provider (email through its conversations API).</summary>
    public const string GoHighLevel = "ghl";

    /// <summary>The wire name of a channel kind: <c>email</c> or <c>linkedin</c>.</summary>
    /// <param name="channel">The channel kind.</param>
    /// <returns>Its wire name.</returns>
    public static string Of(Channel channel) => channel switch
    {
        Channel.Email => Email,
        Channel.LinkedIn => LinkedIn,
        _ => "channel" + ((int)channel).ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    /// <summary>The name of the recording sandbox channel of a channel kind.</summary>
    /// <param name="channel">The channel kind.</param>
    /// <returns><see cref="SandboxEmail"/> or <see cref="SandboxLinkedIn"/>.</returns>
    public static string SandboxOf(Channel channel) => channel == Channel.Email ? SandboxEmail : SandboxLinkedIn;

    /// <summary>Parses a channel kind's wire name exactly as written (<c>email</c>, <c>linkedin</c>).</summary>
    /// <param name="name">The name.</param>
    /// <param name="channel">The channel kind, when known.</param>
    /// <returns><see langword="true"/> for a known name.</returns>
    public static bool TryParse([NotNullWhen(true)] string? name, out Channel channel)
    {
        switch (name)
        {
            case Email:
                channel = Channel.Email;
                return true;
            case LinkedIn:
                channel = Channel.LinkedIn;
                return true;
            default:
                channel = default;
                return false;
        }
    }
}
