using Caio.State;

namespace Caio.Core.Tests.State;

public sealed class StateUnavailableExceptionTests
{
    [Fact]
    public void Message_KeepsTheClientErrorsHeadlineAndLeavesItsDiagnosticsOnTheInnerException()
    {
        var client = new TimeoutException(
            "The message timed out in the backlog attempting to send because no connection became available (5000ms) - Last Connection Exception: UnableToConnect on 127.0.0.1:1/Interactive, IOCP: (Busy=0,Free=1000), WORKER: (Busy=2)");

        var error = new StateUnavailableException("read counter ramp:sent:2026-11-29", "redis 127.0.0.1:1", client);

        Assert.Equal(
            "state backend unavailable: read counter ramp:sent:2026-11-29 on redis 127.0.0.1:1 failed: The message timed out in the backlog attempting to send because no connection became available (5000ms)",
            error.Message);
        Assert.Same(client, error.InnerException);
    }

    [Fact]
    public void Message_CutsAVeryLongOrMultiLineClientErrorToOneShortLine()
    {
        var error = new StateUnavailableException("put batch:1", "redis h:6379", new IOException(new string('x', 500) + "\nsecond line"));

        Assert.DoesNotContain('\n', error.Message);
        Assert.EndsWith("…", error.Message, StringComparison.Ordinal);
        Assert.True(error.Message.Length < 300, error.Message);
    }
}
