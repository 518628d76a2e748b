namespace Caio.Providers;

/// <summary>One documented rate limit of a provider: at most <paramref name="Permits"/> requests per <paramref name="Window"/>.</summary>
/// <param name="Permits">Requests allowed per window.</param>
/// <param name="Window">The window.</param>
public sealed record ProviderRateLimit(int Permits, TimeSpan Window);
