using Caio.Providers;

namespace Caio.Providers.Tests;

public sealed class ProviderProbeResultTests
{
    [Fact]
    public void FromException_UnexpectedError_DetailIsTheMessageWithoutATypeName()
    {
        var result = ProviderProbeResult.FromException("instantly", new InvalidOperationException("the proxy closed the connection"));

        Assert.Equal(new ProviderProbeResult("instantly", "unreachable", "the proxy closed the connection"), result);
    }

    [Fact]
    public void FromException_Cancelled_SaysSoInWords()
    {
        var result = ProviderProbeResult.FromException("heyreach", new TaskCanceledException());

        Assert.Equal(new ProviderProbeResult("heyreach", "unreachable", "no answer before the probe was cancelled or timed out"), result);
    }
}
