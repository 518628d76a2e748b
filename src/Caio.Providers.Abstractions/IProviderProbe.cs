namespace Caio.Providers;

/// <summary>One cheap authenticated call per configured provider, for <c>providers check</c>.</summary>
[System.Diagnostics.CodeAnalysis.Experimental(Caio.Diagnostics.Experiments.ProviderAdministration)]
public interface IProviderProbe
{
    /// <summary>Provider name (<c>instantly</c>, <c>heyreach</c>, <c>ghl</c>).</summary>
    string Provider { get; }

    /// <summary>Makes the call.</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>What the provider answered; never contains the key.</returns>
    Task<ProviderProbeResult> CheckAsync(CancellationToken cancellationToken = default);
}
