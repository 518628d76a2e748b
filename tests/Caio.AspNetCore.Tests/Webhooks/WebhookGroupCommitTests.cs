using System.Net;
using System.Reflection;
using System.Runtime.ExceptionServices;
using System.Text;
using Caio.AspNetCore.Webhooks;
using Caio.State;
using Microsoft.Extensions.DependencyInjection;

namespace Caio.AspNetCore.Tests.Webhooks;

/// <summary>
/// Group commit of accepted webhooks on the file backend: requests that arrive while a commit is being made
/// durable are committed together by the next one, none is answered before its group's commit returned,
/// repeats (within the group and of earlier events) are duplicates, and a restart processes every accepted event.
/// </summary>
public sealed class WebhookGroupCommitTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ConcurrentAccepts_AreAnsweredOnlyAfterTheirGroupCommit_RepeatsAreDuplicates_AndARestartProcessesThemAll()
    {
        var state = Directory.CreateTempSubdirectory("caio-web-group-").FullName;
        var file = new FileStateStore(new FileStateStoreOptions { Directory = state }, TimeProvider.System);
        var store = GatedStore.Wrap(file);
        var gated = (GatedStore)(object)store;
        var inbox = new WebhookInbox(store, TimeProvider.System);
        var horizon = TimeSpan.FromHours(1);

        // The first event's commit is held open; everything arriving meanwhile queues behind it.
        var first = Accept(inbox, "a", horizon);
        await gated.CommitStarted.Task.WaitAsync(Ct);
        var distinct = Enumerable.Range(0, 20).Select(i => Accept(inbox, "e" + i, horizon)).ToList();
        var repeatedInGroup = new[] { Accept(inbox, "b", horizon), Accept(inbox, "b", horizon) };
        var repeatOfFirst = Accept(inbox, "a", horizon);
        await WebhookTests.WaitUntil(() => Task.FromResult(inbox.Waiting == 23));
        Assert.False(first.IsCompleted);
        Assert.DoesNotContain(distinct.Concat(repeatedInGroup).Append(repeatOfFirst), t => t.IsCompleted);

        gated.Release.SetResult();
        Assert.True(await first);
        Assert.All(await Task.WhenAll(distinct), Assert.True);
        var repeats = await Task.WhenAll(repeatedInGroup);
        Assert.Equal(new[] { true, false }, repeats);
        Assert.False(await repeatOfFirst);
        Assert.Equal(2, inbox.GroupsCommitted);

        // A new store on the same directory (as after a restart) finds every accepted event, once.
        var reopened = new FileStateStore(new FileStateStoreOptions { Directory = state }, TimeProvider.System);
        var accepted = await reopened.IndexRangeAsync(WebhookInbox.Index, double.MinValue, double.MaxValue, cancellationToken: Ct);
        Assert.Equal(22, accepted.Count);
        Assert.Equal(22, accepted.Select(e => e.Member).Distinct(StringComparer.Ordinal).Count());

        await using var host = await WebHost.StartAsync(WebHost.ProfileA, state);
        var hostStore = host.Services.GetRequiredService<IStateStore>();
        await WebhookTests.WaitUntil(async () => (await hostStore.IndexRangeAsync(WebhookInbox.Index, double.MinValue, double.MaxValue, cancellationToken: Ct)).Count == 0);
        foreach (var entry in accepted)
        {
            Assert.NotNull(await hostStore.GetAsync(entry.Member.Replace("webhooks:event:", "webhooks:processed:", StringComparison.Ordinal), Ct));
        }

        await host.DisposeAsync();
        Directory.Delete(state, recursive: true);
    }

    [Fact]
    public async Task ConcurrentPosts_WithRepeatedEventIds_AreEachAcceptedOnce()
    {
        await using var host = await WebHost.StartAsync(WebHost.ProfileA);
        await host.Services.GetRequiredService<WebhookInboxProcessor>().StopAsync(Ct);
        using var client = host.Client();
        var posts = Enumerable.Range(0, 60).Select(async i =>
        {
            var id = "evt-" + (i % 20);
            var response = await WebhookTests.Post(client, "/webhooks/clay", $"{{\"event_type\":\"enriched\",\"n\":{i}}}", ("Authorization", "Bearer wb-A"), ("webhook-id", id));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var status = System.Text.Json.Nodes.JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct))!["status"]!.GetValue<string>();
            return (id, status);
        });
        var results = await Task.WhenAll(posts);
        foreach (var group in results.GroupBy(r => r.id))
        {
            Assert.Equal(["duplicate", "duplicate", "received"], group.Select(r => r.status).Order(StringComparer.Ordinal));
        }

        var store = host.Services.GetRequiredService<IStateStore>();
        Assert.Equal(20, (await store.IndexRangeAsync(WebhookInbox.Index, double.MinValue, double.MaxValue, cancellationToken: Ct)).Count);
    }

    private static Task<bool> Accept(WebhookInbox inbox, string eventId, TimeSpan horizon) =>
        inbox.AcceptAsync("clay", eventId, null, "bearer", Encoding.UTF8.GetBytes($"{{\"id\":\"{eventId}\"}}"), horizon, CancellationToken.None).AsTask();

    /// <summary>A state store whose first commit waits until the test releases it; every other call goes straight through.</summary>
    public class GatedStore : DispatchProxy
    {
        private IStateStore _inner = null!;
        private int _commits;

        public TaskCompletionSource CommitStarted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public static IStateStore Wrap(IStateStore inner)
        {
            var proxy = Create<IStateStore, GatedStore>();
            ((GatedStore)(object)proxy)._inner = inner;
            return proxy;
        }

        protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
        {
            if (targetMethod!.Name == nameof(IStateStore.CommitAsync) && Interlocked.Increment(ref _commits) == 1)
            {
                return HeldCommitAsync((StateTransaction)args![0]!);
            }

            try
            {
                return targetMethod.Invoke(_inner, args);
            }
            catch (TargetInvocationException ex) when (ex.InnerException is not null)
            {
                ExceptionDispatchInfo.Throw(ex.InnerException);
                throw;
            }
        }

        private async ValueTask<StateCommitResult> HeldCommitAsync(StateTransaction transaction)
        {
            CommitStarted.SetResult();
            await Release.Task.ConfigureAwait(false);
            return await _inner.CommitAsync(transaction).ConfigureAwait(false);
        }
    }
}
