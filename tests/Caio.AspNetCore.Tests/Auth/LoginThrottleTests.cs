using Caio.AspNetCore.Auth;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Caio.AspNetCore.Tests.Auth;

/// <summary>The login throttle's check-and-reserve: failures in the window plus attempts in flight never exceed the limit.</summary>
public sealed class LoginThrottleTests
{
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(5);

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 30, 10, 0, 0, TimeSpan.Zero));

    private LoginThrottle Throttle(int limit = 5) =>
        new(Options.Create(new CaioDashboardOptions { LoginFailureLimit = limit, LoginFailureWindow = Window }), _time);

    [Fact]
    public void TryBeginAttempt_AttemptsInFlight_CountTowardsTheLimit()
    {
        var throttle = Throttle();
        var held = Enumerable.Range(0, 5).Select(i => throttle.TryBeginAttempt("10.0.0.1", out _)).ToList();
        Assert.All(held, Assert.NotNull);

        Assert.Null(throttle.TryBeginAttempt("10.0.0.1", out var retryAfter));
        Assert.Equal(Window, retryAfter); // were they all to fail now, the first would age out a window from now
        Assert.True(throttle.IsBlocked("10.0.0.1", out _));
        Assert.NotNull(throttle.TryBeginAttempt("10.0.0.2", out _)); // another client is not affected
    }

    [Fact]
    public void TryBeginAttempt_ManyAtOnce_AdmitsExactlyTheLimit()
    {
        var throttle = Throttle();
        using var start = new Barrier(8);
        var admitted = new LoginThrottle.Attempt?[8 * 50];
        var threads = Enumerable.Range(0, 8).Select(t => new Thread(() =>
        {
            start.SignalAndWait(TestContext.Current.CancellationToken);
            for (var i = 0; i < 50; i++)
            {
                admitted[(t * 50) + i] = throttle.TryBeginAttempt("10.0.0.1", out _);
            }
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());

        var attempts = admitted.OfType<LoginThrottle.Attempt>().ToList();
        Assert.Equal(5, attempts.Count);
        attempts.ForEach(a => a.Fail());
        Assert.Null(throttle.TryBeginAttempt("10.0.0.1", out _));
    }

    [Fact]
    public void ReleasedAttempt_FreesItsSlot_AndRecordsNoFailure()
    {
        var throttle = Throttle();
        var held = Enumerable.Range(0, 5).Select(i => throttle.TryBeginAttempt("10.0.0.1", out _)!).ToList();
        Assert.Null(throttle.TryBeginAttempt("10.0.0.1", out _));

        held[0].Dispose();
        var next = throttle.TryBeginAttempt("10.0.0.1", out _);
        Assert.NotNull(next);

        next.Dispose();
        held.Skip(1).ToList().ForEach(a => a.Dispose());
        Assert.False(throttle.IsBlocked("10.0.0.1", out _));
        Assert.Equal(0, throttle.Count); // a client with neither failures nor attempts is not kept
    }

    [Fact]
    public void Attempt_EndsOnce_DisposeAfterFailAndASecondFailChangeNothing()
    {
        var throttle = Throttle(limit: 2);
        var attempt = throttle.TryBeginAttempt("10.0.0.1", out _)!;
        attempt.Fail();
        attempt.Fail();
        attempt.Dispose();

        var second = throttle.TryBeginAttempt("10.0.0.1", out _); // one failure recorded, nothing in flight: one slot left
        Assert.NotNull(second);
        Assert.Null(throttle.TryBeginAttempt("10.0.0.1", out _));
        second.Dispose();
        Assert.NotNull(throttle.TryBeginAttempt("10.0.0.1", out _));
    }

    [Fact]
    public void Failures_BlockUntilTheOldestAgesOut_WithRetryAfterCountingDown()
    {
        var throttle = Throttle();
        for (var i = 0; i < 5; i++)
        {
            if (i > 0)
            {
                _time.Advance(TimeSpan.FromMinutes(1));
            }

            throttle.TryBeginAttempt("10.0.0.1", out _)!.Fail();
        }

        Assert.True(throttle.IsBlocked("10.0.0.1", out var blockedFor));
        Assert.Equal(TimeSpan.FromMinutes(1), blockedFor);
        Assert.Null(throttle.TryBeginAttempt("10.0.0.1", out var retryAfter));
        Assert.Equal(TimeSpan.FromMinutes(1), retryAfter);

        _time.Advance(TimeSpan.FromSeconds(59));
        Assert.Null(throttle.TryBeginAttempt("10.0.0.1", out retryAfter));
        Assert.Equal(TimeSpan.FromSeconds(1), retryAfter);

        _time.Advance(TimeSpan.FromSeconds(1)); // the first failure ages out: one slot
        var attempt = throttle.TryBeginAttempt("10.0.0.1", out _);
        Assert.NotNull(attempt);
        Assert.Null(throttle.TryBeginAttempt("10.0.0.1", out retryAfter));
        Assert.Equal(TimeSpan.FromMinutes(1), retryAfter); // then the second failure is the one to age out
        attempt.Fail();
        Assert.Null(throttle.TryBeginAttempt("10.0.0.1", out retryAfter));
        Assert.Equal(TimeSpan.FromMinutes(1), retryAfter);
    }

    [Fact]
    public void FullTable_ForgetsTheLeastRecentlyFailingClient_NotOneWithAnAttemptInFlight()
    {
        var throttle = Throttle(limit: 1);
        throttle.TryBeginAttempt("old", out _)!.Fail();
        _time.Advance(TimeSpan.FromSeconds(1));
        using var inFlight = throttle.TryBeginAttempt("in-flight", out _);
        Assert.NotNull(inFlight);
        for (var i = 2; i < LoginThrottle.MaxClients; i++)
        {
            throttle.TryBeginAttempt("client-" + i, out _)!.Fail();
        }

        Assert.Equal(LoginThrottle.MaxClients, throttle.Count);
        Assert.True(throttle.IsBlocked("old", out _));

        throttle.TryBeginAttempt("new", out _)!.Fail();

        Assert.Equal(LoginThrottle.MaxClients, throttle.Count);
        Assert.False(throttle.IsBlocked("old", out _));
        Assert.True(throttle.IsBlocked("in-flight", out _));
        Assert.True(throttle.IsBlocked("new", out _));
        Assert.True(throttle.IsBlocked("client-2", out _));
    }
}
