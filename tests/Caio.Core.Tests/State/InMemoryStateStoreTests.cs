using Caio.State;

namespace Caio.Core.Tests.State;

public sealed class InMemoryStateStoreTests : StateStoreContractTests
{
    private readonly InMemoryStateStore _store;

    public InMemoryStateStoreTests()
    {
        _store = new InMemoryStateStore(Time);
    }

    protected override IStateStore CreateStore() => _store;

    [Fact]
    public async Task PutAsync_CallerMutatesBufferAfterwards_StoredValueUnchanged()
    {
        var sut = CreateStore();
        var buffer = "[1]"u8.ToArray();

        await sut.PutAsync("a:b", buffer, cancellationToken: Ct);
        buffer[1] = (byte)'2';

        Assert.Equal("[1]", Text((await sut.GetAsync("a:b", Ct))!.Value));
    }
}
