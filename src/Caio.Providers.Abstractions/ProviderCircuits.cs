using System.Collections.Concurrent;
using Polly.CircuitBreaker;

namespace Caio.Providers;

/// <summary>
/// The circuit breaker state of each provider's HTTP pipeline (one breaker per provider), so the
/// safety chain can refuse sends to a provider whose circuit is open without calling it, and
/// <c>providers check</c> can show it.
/// </summary>
public sealed class ProviderCircuits
{
    private readonly ConcurrentDictionary<string, CircuitBreakerStateProvider> _states = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The state provider of a provider's breaker (created on first use).</summary>
    /// <param name="provider">Provider name.</param>
    /// <returns>The state provider, attached to that provider's pipeline.</returns>
    public CircuitBreakerStateProvider For(string provider) => _states.GetOrAdd(provider, _ => new CircuitBreakerStateProvider());

    /// <summary>Whether a provider's circuit currently refuses calls (open or isolated).</summary>
    /// <param name="provider">Provider name.</param>
    /// <returns><see langword="true"/> when calls are refused.</returns>
    public bool IsOpen(string provider) =>
        _states.TryGetValue(provider, out var state) && state.CircuitState is CircuitState.Open or CircuitState.Isolated;
}
