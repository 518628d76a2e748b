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
}
