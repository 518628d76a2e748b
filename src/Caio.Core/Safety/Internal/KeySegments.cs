using Caio.Leads;

namespace Caio.Safety.Internal;

/// <summary>ASCII lower-casing for key segments (channel names come from <see cref="ChannelNames"/>).</summary>
internal static class KeySegments
{
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
