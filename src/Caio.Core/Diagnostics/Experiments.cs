namespace Caio.Diagnostics;

/// <summary>
/// Diagnostic ids of the <see cref="System.Diagnostics.CodeAnalysis.ExperimentalAttribute"/> surfaces:
/// API that works but may still change shape before 1.0. Using one is a compile error until the
/// caller opts in (<c>&lt;NoWarn&gt;$(NoWarn);CAIO0001&lt;/NoWarn&gt;</c> or <c>#pragma warning disable CAIO0001</c>).
/// </summary>
public static class Experiments
{
    /// <summary><c>CAIO0001</c>: extension points of the safety chain and the pipeline (host guards, custom stage lists).</summary>
    public const string ExtensionPoints = "CAIO0001";

    /// <summary><c>CAIO0002</c>: the provider-latency hook, until the first provider package ships.</summary>
    public const string ProviderTelemetry = "CAIO0002";

    /// <summary><c>CAIO0003</c>: the state store's group primitives (counter-group reservation and release, appending a group of log records), until a second external backend has implemented them.</summary>
    public const string StateGroupPrimitives = "CAIO0003";

    /// <summary><c>CAIO0004</c>: provider administration (<c>IProviderProbe</c>, <c>IProviderCampaigns</c> and their results), whose shapes follow the provider APIs still being added.</summary>
    public const string ProviderAdministration = "CAIO0004";

    /// <summary><c>CAIO0005</c>: the web API's extension points (registering a webhook parser for a provider), until the webhook contract settles.</summary>
    public const string WebApiExtensionPoints = "CAIO0005";
}
