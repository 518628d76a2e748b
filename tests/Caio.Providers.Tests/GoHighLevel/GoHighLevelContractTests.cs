using Caio.Batches;
using System.Net;
using System.Text.Json;
using Caio.Dispatch;
using Caio.Providers.GoHighLevel;
using Caio.Testing.Providers;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Caio.Providers.Tests.GoHighLevel;

public sealed class GoHighLevelContractTests : IAsyncLifetime
{
    private readonly FakeGoHighLevelServer _fake = new();
    private ServiceProvider _services = null!;
    private IGoHighLevelClient _sut = null!;
    private IDispatchChannel _channel = null!;

    public async ValueTask InitializeAsync()
    {
        await _fake.StartAsync(TestContext.Current.CancellationToken);
        _services = ProviderServices.Build(caio => caio.AddGoHighLevel(o =>
        {
            ProviderServices.Fast(o, _fake.BaseUrl, _fake.ApiKey);
            o.LocationId = _fake.LocationId;
        }));
        _sut = _services.GetRequiredService<IGoHighLevelClient>();
        _channel = _services.GetServices<IDispatchChannel>().Single(c => c.Name == "ghl");
    }

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        await _fake.DisposeAsync();
    }

    private static ChannelSendRequest Request(string email = "ana@acme.com") =>
        new("caio-k", email, email, null, 1, "Checking in", "Hi Ana,\nstill interested?", "item-1", "batch-1") { Motion = BatchMotion.Revival };

    [Fact]
    public async Task Send_UpsertsThenSendsWithPinnedVersions_AndProvesDelivery()
    {
        var result = await _channel.SendAsync(Request(), TestContext.Current.CancellationToken);

        Assert.True(result.Succeeded);
        Assert.StartsWith("ghl:msg", result.MessageId, StringComparison.Ordinal);
        var upsert = _fake.Requests.Single(r => r.Path == "/contacts/upsert");
        Assert.Equal(("POST", "2021-07-28", "Bearer " + _fake.ApiKey), (upsert.Method, upsert.Headers["Version"], upsert.Headers["Authorization"]));
        using (var body = JsonDocument.Parse(upsert.Body))
        {
            Assert.Equal(_fake.LocationId, body.RootElement.GetProperty("locationId").GetString());
            Assert.Equal("ana@acme.com", body.RootElement.GetProperty("email").GetString());
        }

        var send = _fake.Requests.Single(r => r.Path == "/conversations/messages");
        Assert.Equal("2021-04-15", send.Headers["Version"]);
        using (var body = JsonDocument.Parse(send.Body))
        {
            Assert.Equal("Email", body.RootElement.GetProperty("type").GetString());
            Assert.Equal("Checking in", body.RootElement.GetProperty("subject").GetString());
            Assert.True(body.RootElement.TryGetProperty("contactId", out _));
            Assert.True(body.RootElement.TryGetProperty("html", out _));
        }

        Assert.Contains(_fake.Requests, r => r.Path.EndsWith("/messages", StringComparison.Ordinal) && r.Method == "GET");
    }

    [Fact]
    public async Task Send_NotInThread_IsUnknownOutcome_ThenReconciledSentOnceItAppears()
    {
        _fake.UndeliveredRate = 1;

        var error = await Assert.ThrowsAsync<CaioApiException>(async () => await _channel.SendAsync(Request(), TestContext.Current.CancellationToken));

        Assert.Equal("delivery_unconfirmed", error.ErrorCode);
        Assert.False(error.IsDefinite);
        Assert.Equal(DeliveryStatus.NotSent, (await _channel.CheckAsync(Request(), TestContext.Current.CancellationToken)).Status);
    }

    [Fact]
    public async Task Send_AlreadyInThread_IsNotSentAgain()
    {
        await _channel.SendAsync(Request(), TestContext.Current.CancellationToken);

        var again = await _channel.SendAsync(Request(), TestContext.Current.CancellationToken);

        Assert.True(again.Succeeded);
        Assert.Single(_fake.SideEffects, e => e.Kind == "message_sent");
        Assert.Equal(DeliveryStatus.Sent, (await _channel.CheckAsync(Request(), TestContext.Current.CancellationToken)).Status);
    }

    [Theory]
    [InlineData(HttpStatusCode.NotFound)]
    [InlineData(null)]
    public async Task Send_ThreadReadFailsAfterTheEmailWasAccepted_IsUnknownOutcome_NeverFailed(HttpStatusCode? status)
    {
        // A definite 404, or a request the open circuit never let out: either way the email already went.
        var client = new ThreadReadFailsAfterSend(_sut, status);
        var channel = new GoHighLevelChannel(client, _services.GetRequiredService<IOptions<GoHighLevelOptions>>(), Microsoft.Extensions.Logging.Abstractions.NullLogger<GoHighLevelChannel>.Instance);

        var error = await Assert.ThrowsAsync<CaioApiException>(async () => await channel.SendAsync(Request(), TestContext.Current.CancellationToken));

        Assert.Same(client.Failure, error);
        Assert.Single(_fake.SideEffects, e => e.Kind == "message_sent");
        Assert.Equal(DeliveryStatus.Sent, (await _channel.CheckAsync(Request(), TestContext.Current.CancellationToken)).Status);
    }

    [Fact]
    public async Task Send_DncContact_IsFailed_WithoutSending()
    {
        _fake.AddContact("dnc@acme.com", ["caio-dnc"]);

        var result = await _channel.SendAsync(Request("dnc@acme.com"), TestContext.Current.CancellationToken);

        Assert.False(result.Succeeded);
        Assert.DoesNotContain(_fake.SideEffects, e => e.Kind == "message_sent");
    }

    [Fact]
    public async Task Unprocessable_IsMapped_NotRetried()
    {
        var error = await Assert.ThrowsAsync<CaioApiException>(() => _sut.SendEmailAsync(new GhlEmail("missing", string.Empty, string.Empty, string.Empty), TestContext.Current.CancellationToken));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, error.StatusCode);
        Assert.Contains("required", error.Message, StringComparison.Ordinal);
        Assert.Single(_fake.Requests);
    }

    [Fact]
    public async Task Tags_AndLookupByEmail_UseDocumentedPaths()
    {
        var contact = await _sut.UpsertContactAsync(new GhlContactUpsert { Email = "bo@acme.com" }, TestContext.Current.CancellationToken);
        await _sut.AddTagsAsync(contact.Id, ["caio-dnc"], TestContext.Current.CancellationToken);
        var found = await _sut.FindContactByEmailAsync("bo@acme.com", TestContext.Current.CancellationToken);

        Assert.Equal(contact.Id, found!.Id);
        Assert.Contains("caio-dnc", found.Tags!);
        Assert.Contains(_fake.Requests, r => r.Path == "/contacts/search/duplicate" && r.Query.Contains("locationId=loc-1", StringComparison.Ordinal) && r.Query.Contains("email=bo%40acme.com", StringComparison.Ordinal));
        Assert.Null(await _sut.FindContactByEmailAsync("nobody@acme.com", TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task RateLimited_Read_WaitsForIntervalHeader_AndSucceeds()
    {
        await using var services = ProviderServices.Build(caio => caio.AddGoHighLevel(o =>
        {
            ProviderServices.Fast(o, _fake.BaseUrl, _fake.ApiKey);
            o.LocationId = _fake.LocationId;
            o.EnforceRateLimits = false;
            o.MaxRetries = 10;
        }));
        var sut = services.GetRequiredService<IGoHighLevelClient>();

        var all = await Task.WhenAll(Enumerable.Range(0, 110).Select(_ => sut.ListPipelinesAsync(TestContext.Current.CancellationToken)));

        Assert.All(all, p => Assert.Equal("p1", Assert.Single(p).Id));
        Assert.True(_fake.RateLimited > 0);
    }

    [Fact]
    public void MissingLocation_FailsAtStart_NamingTheSetting()
    {
        using var services = ProviderServices.Build(caio => caio.AddGoHighLevel(o => o.ApiKey = "x"));

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<GoHighLevelOptions>>().Value);

        Assert.Contains("Caio:Providers:GoHighLevel:LocationId", error.Message, StringComparison.Ordinal);
        Assert.Contains("GHL_LOCATION_ID", error.Message, StringComparison.Ordinal);
    }

    /// <summary>The real client, whose thread reads fail once an email has been accepted.</summary>
    private sealed class ThreadReadFailsAfterSend(IGoHighLevelClient inner, HttpStatusCode? status) : IGoHighLevelClient
    {
        private bool _sent;

        public CaioApiException Failure { get; } = status is null
            ? new CaioApiException("ghl", null, "ghl is unavailable: its circuit is open after repeated failures", "circuit_open", innerException: new Polly.CircuitBreaker.BrokenCircuitException())
            : new CaioApiException("ghl", status, "ghl answered 404: Conversation not found");

        public Task<GhlContact> UpsertContactAsync(GhlContactUpsert contact, CancellationToken cancellationToken = default) => inner.UpsertContactAsync(contact, cancellationToken);

        public Task<GhlContact?> FindContactByEmailAsync(string email, CancellationToken cancellationToken = default) => inner.FindContactByEmailAsync(email, cancellationToken);

        public Task AddTagsAsync(string contactId, IReadOnlyList<string> tags, CancellationToken cancellationToken = default) => inner.AddTagsAsync(contactId, tags, cancellationToken);

        public async Task<GhlSendResult> SendEmailAsync(GhlEmail email, CancellationToken cancellationToken = default)
        {
            var result = await inner.SendEmailAsync(email, cancellationToken);
            _sent = true;
            return result;
        }

        public Task<string?> FindConversationAsync(string contactId, CancellationToken cancellationToken = default) => inner.FindConversationAsync(contactId, cancellationToken);

        public Task<IReadOnlyList<GhlMessage>> GetMessagesAsync(string conversationId, CancellationToken cancellationToken = default) =>
            _sent ? Task.FromException<IReadOnlyList<GhlMessage>>(Failure) : inner.GetMessagesAsync(conversationId, cancellationToken);

        public Task<IReadOnlyList<GhlOpportunity>> SearchOpportunitiesAsync(string contactId, CancellationToken cancellationToken = default) => inner.SearchOpportunitiesAsync(contactId, cancellationToken);

        public Task<IReadOnlyList<GhlPipeline>> ListPipelinesAsync(CancellationToken cancellationToken = default) => inner.ListPipelinesAsync(cancellationToken);
    }
}
