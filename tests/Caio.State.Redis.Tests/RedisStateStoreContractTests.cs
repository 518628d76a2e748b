using Caio.Core.Tests.State;

[assembly: AssemblyFixture(typeof(Caio.State.Redis.Tests.RedisServerFixture))]

namespace Caio.State.Redis.Tests;

/// <summary>The state contract suite, unchanged, against a real redis-server, on the suite's own fake clock.</summary>
public sealed class RedisStateStoreContractTests : StateStoreContractTests
{
    private readonly RedisStateStore _store;

    public RedisStateStoreContractTests(RedisServerFixture redis)
    {
        _store = new RedisStateStore(redis.Connection, new RedisStateOptions { EnvironmentName = RedisServerFixture.NewEnvironment() }, Time);
    }

    protected override IStateStore CreateStore() => _store;
}
