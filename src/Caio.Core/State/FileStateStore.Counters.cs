using Caio.State.Internal;

namespace Caio.State;

public sealed partial class FileStateStore
{
    /// <inheritdoc />
    public async ValueTask<CounterResult> IncrementAsync(string key, long delta, long limit, DateTimeOffset? expiresAt = null, CancellationToken cancellationToken = default)
    {
        StateKeys.Validate(key, nameof(key));
        StateRules.ValidateIncrement(delta, limit);
        using var held = await LockFamilyAsync(CountersFolder, key, cancellationToken);
        var path = DocumentPath(CountersFolder, key);
        var document = ReadDocument(path, FileStateJsonContext.Default.CounterDocument);
        var live = document is not null && StateRules.IsLive(document.ExpiresAt, _timeProvider.GetUtcNow());
        var current = live ? document!.Value : 0;
        if (!StateRules.TryIncrement(current, delta, limit, out var next))
        {
            return new CounterResult(false, current);
        }

        if (delta != 0)
        {
            var updated = new CounterDocument(key, next, live ? document!.ExpiresAt : expiresAt);
            WriteDocument(path, updated, FileStateJsonContext.Default.CounterDocument);
        }

        return new CounterResult(true, next);
    }

    /// <inheritdoc />
    public ValueTask<long> GetCounterAsync(string key, CancellationToken cancellationToken = default)
    {
        StateKeys.Validate(key, nameof(key));
        cancellationToken.ThrowIfCancellationRequested();
        var document = ReadDocument(DocumentPath(CountersFolder, key), FileStateJsonContext.Default.CounterDocument);
        var live = document is not null && StateRules.IsLive(document.ExpiresAt, _timeProvider.GetUtcNow());
        return ValueTask.FromResult(live ? document!.Value : 0);
    }
}
