using Caio.Leads;

namespace Caio.Safety.Internal;

/// <summary>Key and wire names of channels, and ASCII lower-casing for key segments.</summary>
internal static class ChannelNames
{
    /// <summary>The channel's wire name.</summary>
    public static string Of(Channel channel) => channel switch
    {
        Channel.Email => "email",
        Channel.LinkedIn => "linkedin",
        _ => "channel" + ((int)channel).ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    /// <summary>Lower-cases ASCII letters, returning the same instance when nothing changes.</summary>
    public static string AsciiLower(string value)
    {
        var index = -1;
        for (var i = 0; i < value.Length; i++)
        {
            if (char.IsAsciiLetterUpper(value[i]))
            {
                index = i;
                break;
            }
        }

        if (index < 0)
        {
            return value;
        }

        return string.Create(value.Length, value, static (span, source) =>
        {
            for (var i = 0; i < source.Length; i++)
            {
                var c = source[i];
                span[i] = char.IsAsciiLetterUpper(c) ? (char)(c | 0x20) : c;
            }
        });
    }
}
