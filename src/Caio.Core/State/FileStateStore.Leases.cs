using Caio.State.Internal;

namespace Caio.State;

public sealed partial class FileStateStore
{
    /// <inheritdoc />
    public async ValueTask<Lease?> TryAcquireLeaseAsync(string name, TimeSpan ttl, CancellationToken cancellationToken = default)
    {
        StateKeys.Validate(name, nameof(name));
        StateRules.ValidateTtl(ttl, nameof(ttl));
        using var held = await LockFamilyAsync(LeasesFolder, name, cancellationToken);
        var path = DocumentPath(LeasesFolder, name);
        var document = ReadDocument(path, FileStateJsonContext.Default.LeaseDocument);
        var now = _timeProvider.GetUtcNow();
        if (document is { Token: not null } && document.ExpiresAt > now)
        {
            return null;
        }

        var lease = new Lease(name, StateRules.NewLeaseToken(), (document?.FencingToken ?? 0) + 1, now + ttl);
        WriteDocument(path, new LeaseDocument(name, lease.Token, lease.FencingToken, lease.ExpiresAt), FileStateJsonContext.Default.LeaseDocument);
        return lease;
    }

    /// <inheritdoc />
    public async ValueTask<bool> RenewLeaseAsync(Lease lease, TimeSpan ttl, CancellationToken cancellationToken = default)
    {
        StateRules.ValidateLease(lease, nameof(lease));
        StateRules.ValidateTtl(ttl, nameof(ttl));
        using var held = await LockFamilyAsync(LeasesFolder, lease.Name, cancellationToken);
        var path = DocumentPath(LeasesFolder, lease.Name);
        var now = _timeProvider.GetUtcNow();
        var document = ReadDocument(path, FileStateJsonContext.Default.LeaseDocument);
        if (!IsHeldBy(document, lease, now))
        {
            return false;
        }

        WriteDocument(path, document! with { ExpiresAt = now + ttl }, FileStateJsonContext.Default.LeaseDocument);
        return true;
    }

    /// <inheritdoc />
    public async ValueTask<bool> ReleaseLeaseAsync(Lease lease, CancellationToken cancellationToken = default)
    {
        StateRules.ValidateLease(lease, nameof(lease));
        using var held = await LockFamilyAsync(LeasesFolder, lease.Name, cancellationToken);
        var path = DocumentPath(LeasesFolder, lease.Name);
        var document = ReadDocument(path, FileStateJsonContext.Default.LeaseDocument);
        if (!IsHeldBy(document, lease, _timeProvider.GetUtcNow()))
        {
            return false;
        }

        // The fencing token stays on disk so the next grant gets a larger one.
        WriteDocument(path, document! with { Token = null }, FileStateJsonContext.Default.LeaseDocument);
        return true;
    }

    private static bool IsHeldBy(LeaseDocument? document, Lease lease, DateTimeOffset now) =>
        document is not null
        && string.Equals(document.Token, lease.Token, StringComparison.Ordinal)
        && document.FencingToken == lease.FencingToken
        && document.ExpiresAt > now;
}
