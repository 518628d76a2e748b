namespace Caio.Engagement;

/// <summary>What happened to a lead on a provider, normalized across providers.</summary>
public enum EngagementEventKind
{
    /// <summary>The provider sent a message.</summary>
    Sent,

    /// <summary>The message was opened.</summary>
    Opened,

    /// <summary>A link was clicked.</summary>
    Clicked,

    /// <summary>The lead replied by email (a human reply).</summary>
    Replied,

    /// <summary>An automatic answer or out-of-office: not a reply.</summary>
    AutoReply,

    /// <summary>Hard bounce: the address does not exist.</summary>
    BouncedHard,

    /// <summary>Soft bounce: temporary delivery failure.</summary>
    BouncedSoft,

    /// <summary>The lead unsubscribed (or asked not to be contacted).</summary>
    Unsubscribed,

    /// <summary>The lead was marked interested.</summary>
    Interested,

    /// <summary>The lead was marked not interested.</summary>
    NotInterested,

    /// <summary>A meeting was booked.</summary>
    MeetingBooked,

    /// <summary>A LinkedIn connection request was accepted.</summary>
    ConnectionAccepted,

    /// <summary>The lead replied on LinkedIn (message or InMail).</summary>
    LinkedInReply,

    /// <summary>The provider confirmed delivery of a message.</summary>
    Delivered,
}
