using System.Text.Json;
using Caio.Providers.Internal;

namespace Caio.Providers.Tests.Abstractions;

public sealed class WebhookJsonTests
{
    [Theory]
    [InlineData("99999999999999999")]
    [InlineData("-99999999999999999")]
    [InlineData("9223372036854775807")]
    [InlineData("-9223372036854775808")]
    [InlineData("\"99999999999999999\"")]
    public void Time_UnixNumberOutOfRange_IsNull(string timestamp)
    {
        using var document = JsonDocument.Parse($$"""{"timestamp":{{timestamp}}}""");

        Assert.Null(WebhookJson.Time(document.RootElement, "timestamp"));
    }

    [Theory]
    [InlineData("1764496800", 1764496800_000)]
    [InlineData("1764496800123", 1764496800_123)]
    [InlineData("1764496800.5", 1764496800_500)]
    public void Time_UnixSecondsOrMilliseconds_AreRead(string timestamp, long expectedMilliseconds)
    {
        using var document = JsonDocument.Parse($$"""{"timestamp":{{timestamp}}}""");

        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(expectedMilliseconds), WebhookJson.Time(document.RootElement, "timestamp"));
    }
}
