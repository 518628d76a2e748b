using Microsoft.Extensions.Options;

namespace Caio.AspNetCore.Auth;

/// <summary>
/// Counts failed logins per client: after <see cref="CaioDashboardOptions.LoginFailureLimit"/> failures
/// within <see cref="CaioDashboardOptions.LoginFailureWindow"/>, further attempts are refused (429)
/// until the oldest failure ages out. Bounded: the least recently failing clients are forgotten first.
/// </summary>
internal sealed class LoginThrottle(IOptions<CaioDashboardOptions> options, TimeProvider time)
{
    private const int MaxClients = 10_000;
    private readonly Dictionary<string, Queue<DateTimeOffset>> _failures = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    /// <summary>Whether the client is currently blocked, and for how long.</summary>
    public bool IsBlocked(string client, out TimeSpan retryAfter)
    {
        lock (_lock)
        {
            retryAfter = TimeSpan.Zero;
            if (!_failures.TryGetValue(client, out var queue))
            {
                return false;
            }

            var now = time.GetUtcNow();
            Prune(queue, now);
            if (queue.Count < options.Value.LoginFailureLimit)
            {
                return false;
            }

            retryAfter = queue.Peek() + options.Value.LoginFailureWindow - now;
            return true;
        }
    }

    public void RecordFailure(string client)
    {
        lock (_lock)
        {
            if (!_failures.TryGetValue(client, out var queue))
            {
                if (_failures.Count >= MaxClients)
                {
                    var oldest = _failures.MinBy(p => p.Value.Count == 0 ? DateTimeOffset.MinValue : p.Value.Last()).Key;
                    _failures.Remove(oldest);
                }

                _failures[client] = queue = new Queue<DateTimeOffset>();
            }

            queue.Enqueue(time.GetUtcNow());
        }
    }

    private void Prune(Queue<DateTimeOffset> queue, DateTimeOffset now)
    {
        while (queue.Count > 0 && queue.Peek() + options.Value.LoginFailureWindow <= now)
        {
            queue.Dequeue();
        }
    }
}
