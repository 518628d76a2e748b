using Caio.State.Internal;

namespace Caio.State;

/// <summary>Leases.</summary>
public sealed partial class InMemoryStateStore
{
    /// <inheritdoc />
    public ValueTask<Lease?> TryAcquireLeaseAsync(string name, TimeSpan ttl, CancellationToken cancellationToken = default)
    {
        StateKeys.Validate(name, nameof(name));
        StateRules.ValidateTtl(ttl, nameof(ttl));
        cancellationToken.ThrowIfCancellationRequested();
        lock (_leasesGate)
        {
            var now = _timeProvider.GetUtcNow();
            _leases.TryGetValue(name, out var slot);
            if (slot is { Token: not null } && slot.ExpiresAt > now)
            {
                return ValueTask.FromResult<Lease?>(null);
            }

            var lease = new Lease(name, StateRules.NewLeaseToken(), (slot?.FencingToken ?? 0) + 1, now + ttl);
            _leases[name] = new LeaseSlot(lease.Token, lease.FencingToken, lease.ExpiresAt);
            return ValueTask.FromResult<Lease?>(lease);
        }
    }

    /// <inheritdoc />
    public ValueTask<bool> RenewLeaseAsync(Lease lease, TimeSpan ttl, CancellationToken cancellationToken = default)
    {
        StateRules.ValidateLease(lease, nameof(lease));
        StateRules.ValidateTtl(ttl, nameof(ttl));
        cancellationToken.ThrowIfCancellationRequested();
        lock (_leasesGate)
        {
            var now = _timeProvider.GetUtcNow();
            if (!HeldBy(lease, now, out var slot))
            {
                return ValueTask.FromResult(false);
            }

            _leases[lease.Name] = slot with { ExpiresAt = now + ttl };
            return ValueTask.FromResult(true);
        }
    }

    /// <inheritdoc />
    public ValueTask<bool> ReleaseLeaseAsync(Lease lease, CancellationToken cancellationToken = default)
    {
        StateRules.ValidateLease(lease, nameof(lease));
        cancellationToken.ThrowIfCancellationRequested();
        lock (_leasesGate)
        {
            if (!HeldBy(lease, _timeProvider.GetUtcNow(), out var slot))
            {
                return ValueTask.FromResult(false);
            }

            // The fencing token survives the release so the next grant gets a larger one.
            _leases[lease.Name] = slot with { Token = null };
            return ValueTask.FromResult(true);
        }
    }

    private bool HeldBy(Lease lease, DateTimeOffset now, out LeaseSlot slot) =>
        _leases.TryGetValue(lease.Name, out slot!)
        && string.Equals(slot.Token, lease.Token, StringComparison.Ordinal)
        && slot.FencingToken == lease.FencingToken
        && slot.ExpiresAt > now;

    private sealed record LeaseSlot(string? Token, long FencingToken, DateTimeOffset ExpiresAt);
}
