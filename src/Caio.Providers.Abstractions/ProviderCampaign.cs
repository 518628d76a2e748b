namespace Caio.Providers;

/// <summary>A campaign as <c>campaigns list</c> shows it.</summary>
/// <param name="Id">Provider id.</param>
/// <param name="Name">Name.</param>
/// <param name="Status">Status in the provider's words (e.g. <c>draft</c>, <c>active</c>, <c>paused</c>).</param>
[System.Diagnostics.CodeAnalysis.Experimental(Caio.Diagnostics.Experiments.ProviderAdministration)]
public sealed record ProviderCampaign(string Id, string Name, string Status);
