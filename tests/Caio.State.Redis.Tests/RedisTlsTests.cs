using Caio.Core.Tests.State;
using StackExchange.Redis;

namespace Caio.State.Redis.Tests;

/// <summary>
/// The state contract suite over TLS: <c>rediss://</c> with a user, a password and database 2, against a
/// redis-server listening only on its TLS port with a throwaway CA.
/// </summary>
public sealed class RedisTlsStateStoreContractTests : StateStoreContractTests, IClassFixture<RedisTlsServer>
{
    private readonly RedisStateStore _store;

    public RedisTlsStateStoreContractTests(RedisTlsServer tls)
    {
        if (tls.SkipReason is { } reason)
        {
            Assert.Skip(reason);
        }

        _store = new RedisStateStore(tls.Connection, new RedisStateOptions { EnvironmentName = RedisServerFixture.NewEnvironment() }, Time);
    }

    protected override IStateStore CreateStore() => _store;
}

/// <summary>What <c>rediss://</c> connects with, and what it refuses.</summary>
public sealed class RedisTlsTests(RedisTlsServer tls) : IClassFixture<RedisTlsServer>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Rediss_UserPasswordDatabase_StoreWritesIntoThatDatabaseAsThatUser()
    {
        SkipWithoutTls();
        var environment = RedisServerFixture.NewEnvironment();
        using var store = new RedisStateStore(tls.Connection, new RedisStateOptions { EnvironmentName = environment }, TimeProvider.System);

        await store.PutAsync("batch:B1", "{}"u8.ToArray(), cancellationToken: Ct);

        Assert.True(await tls.Connection.GetDatabase(2).KeyExistsAsync($"caio:{environment}:rec:batch:B1"));
        Assert.False(await tls.Connection.GetDatabase(0).KeyExistsAsync($"caio:{environment}:rec:batch:B1"));
        Assert.Equal(RedisTlsServer.User, (string?)await tls.Connection.GetDatabase().ExecuteAsync("ACL", "WHOAMI"));
        Assert.True(tls.Connection.GetEndPoints().Length == 1 && tls.Connection.IsConnected);
    }

    [Fact]
    public async Task Rediss_ServerCertificateFromAnUntrustedIssuer_IsRefused()
    {
        SkipWithoutTls();
        await AssertRefusedAsync(tls.Url, trustTheCa: false);
    }

    [Fact]
    public async Task Redis_PlainConnectionToTheTlsPort_IsRefused()
    {
        SkipWithoutTls();
        await AssertRefusedAsync(tls.Url.Replace("rediss://", "redis://", StringComparison.Ordinal), trustTheCa: true);
    }

    [Fact]
    public async Task Rediss_WrongPassword_IsRefused()
    {
        SkipWithoutTls();
        await AssertRefusedAsync(tls.Url.Replace(tls.Password, "wrong", StringComparison.Ordinal), trustTheCa: true);
    }

    private async Task AssertRefusedAsync(string url, bool trustTheCa)
    {
        var options = RedisConnectionSettings.Parse(url, TimeSpan.FromSeconds(2));
        if (trustTheCa)
        {
            options.TrustIssuer(tls.CaCertificate);
        }

        options.AbortOnConnectFail = true;
        options.ConnectTimeout = 2000;

        await Assert.ThrowsAsync<RedisConnectionException>(async () => await ConnectionMultiplexer.ConnectAsync(options));
    }

    private void SkipWithoutTls()
    {
        if (tls.SkipReason is { } reason)
        {
            Assert.Skip(reason);
        }
    }
}
