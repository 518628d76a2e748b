namespace Caio.Providers;

/// <summary>What a provider request does, which decides how the resilience pipeline treats it.</summary>
public enum ProviderRequestKind
{
    /// <summary>A read: retried with jittered backoff on 408, 429, 5xx, timeouts and transport errors.</summary>
    Read = 0,

    /// <summary>A side effect the provider does not dedupe: never retried except on 429 (the provider did not act on it).</summary>
    Send,

    /// <summary>A side effect the provider dedupes (e.g. Instantly lead adds with the skip flags set): retried like a read.</summary>
    DedupedSend,
}
