using Microsoft.Extensions.Options;

namespace Caio.AspNetCore.Auth;

/// <summary>
/// Counts failed logins per client: after <see cref="CaioDashboardOptions.LoginFailureLimit"/> failures
/// within <see cref="CaioDashboardOptions.LoginFailureWindow"/>, further attempts are refused (429)
/// until the oldest failure ages out. Bounded: the least recently failing clients are forgotten first.
/// </summary>
/// <remarks>
/// A token is evaluated only inside an attempt taken with <see cref="TryBeginAttempt"/>, which checks and
/// reserves in one step: the failures recorded in the window plus the attempts in flight never exceed the
/// limit, so concurrent logins from one client cannot evaluate more tokens than sequential ones.
/// </remarks>
internal sealed class LoginThrottle(IOptions<CaioDashboardOptions> options, TimeProvider time)
{
    /// <summary>Most clients remembered at once.</summary>
    internal const int MaxClients = 10_000;

    private readonly Dictionary<string, Client> _clients = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    /// <summary>
    /// Whether the client is currently blocked, and for how long: a cheap check before the request's body is read.
    /// The decision that counts is <see cref="TryBeginAttempt"/>.
    /// </summary>
    public bool IsBlocked(string client, out TimeSpan retryAfter)
    {
        lock (_lock)
        {
            retryAfter = TimeSpan.Zero;
            return _clients.TryGetValue(client, out var entry) && Blocked(entry, time.GetUtcNow(), out retryAfter);
        }
    }

    /// <summary>
    /// Reserves one token evaluation for the client, or refuses (with how long to wait) when its failures in the
    /// window plus its attempts in flight have reached the limit. The attempt ends as a failure with
    /// <see cref="Attempt.Fail"/>; disposing it otherwise releases the reservation without recording anything.
    /// </summary>
    public Attempt? TryBeginAttempt(string client, out TimeSpan retryAfter)
    {
        lock (_lock)
        {
            var known = _clients.TryGetValue(client, out var entry);
            entry ??= new Client();
            if (Blocked(entry, time.GetUtcNow(), out retryAfter))
            {
                return null;
            }

            if (!known)
            {
                if (_clients.Count >= MaxClients)
                {
                    Evict();
                }

                _clients[client] = entry;
            }

            entry.InFlight++;
            return new Attempt(this, client, entry);
        }
    }

    /// <summary>Clients currently remembered (for tests).</summary>
    internal int Count
    {
        get
        {
            lock (_lock)
            {
                return _clients.Count;
            }
        }
    }

    private void End(string client, Client entry, bool failed)
    {
        lock (_lock)
        {
            entry.InFlight--;
            if (failed)
            {
                entry.Failures.Enqueue(time.GetUtcNow());
            }

            if (entry.InFlight == 0 && entry.Failures.Count == 0 && _clients.TryGetValue(client, out var current) && ReferenceEquals(current, entry))
            {
                _clients.Remove(client);
            }
        }
    }

    /// <summary>Under the lock: whether failures in the window plus attempts in flight have reached the limit.</summary>
    private bool Blocked(Client entry, DateTimeOffset now, out TimeSpan retryAfter)
    {
        retryAfter = TimeSpan.Zero;
        var window = options.Value.LoginFailureWindow;
        var queue = entry.Failures;
        while (queue.Count > 0 && queue.Peek() + window <= now)
        {
            queue.Dequeue();
        }

        var limit = options.Value.LoginFailureLimit;
        var counted = queue.Count + entry.InFlight;
        if (counted < limit)
        {
            return false;
        }

        // Supposing the attempts in flight fail: the client is admitted again once enough failures have aged out
        // to bring it below the limit. An attempt in flight would fail now, so it ages out a whole window from now.
        var agingOut = counted - Math.Max(limit, 0);
        retryAfter = agingOut < queue.Count ? queue.ElementAt(agingOut) + window - now : window;
        return true;
    }

    /// <summary>
    /// Under the lock: forgets the least recently failing client, keeping those with attempts in flight unless every
    /// client has one (a failure then ending on a forgotten client is not counted).
    /// </summary>
    private void Evict()
    {
        var oldest = _clients.MinBy(p => (p.Value.InFlight > 0, p.Value.Failures.Count == 0 ? DateTimeOffset.MinValue : p.Value.Failures.Last())).Key;
        _clients.Remove(oldest);
    }

    /// <summary>One client's failures in the window, oldest first, and its attempts in flight.</summary>
    internal sealed class Client
    {
        public Queue<DateTimeOffset> Failures { get; } = new();

        public int InFlight { get; set; }
    }

    /// <summary>One reserved token evaluation; ends once, by <see cref="Fail"/> or <see cref="Dispose"/>.</summary>
    internal sealed class Attempt : IDisposable
    {
        private readonly LoginThrottle _throttle;
        private readonly string _client;
        private readonly Client _entry;
        private int _ended;

        internal Attempt(LoginThrottle throttle, string client, Client entry)
        {
            _throttle = throttle;
            _client = client;
            _entry = entry;
        }

        /// <summary>Records the attempt as a failed login and frees its reservation.</summary>
        public void Fail() => End(failed: true);

        /// <summary>Frees the reservation without recording a failure, unless <see cref="Fail"/> already ended the attempt.</summary>
        public void Dispose() => End(failed: false);

        private void End(bool failed)
        {
            if (Interlocked.Exchange(ref _ended, 1) == 0)
            {
                _throttle.End(_client, _entry, failed);
            }
        }
    }
}
