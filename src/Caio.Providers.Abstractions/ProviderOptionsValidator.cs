using Caio.Batches;
using Caio.Dispatch;
using Caio.Providers.Internal;
using Microsoft.Extensions.Options;

namespace Caio.Providers;

/// <summary>
/// Cross-field checks of a provider's options: the key is present (naming the setting and its
/// environment variable), the base URL is absolute http(s), and a send's total timeout is below the
/// operator's send timeout so an unknown outcome becomes maybe_sent exactly once.
/// </summary>
/// <typeparam name="TOptions">The provider's options.</typeparam>
/// <param name="section">Configuration section, e.g. <c>Caio:Providers:Instantly</c>.</param>
/// <param name="apiKeyVariable">Environment variable that also sets the key, e.g. <c>INSTANTLY_API_KEY</c>.</param>
/// <param name="operatorOptions">The operator's options.</param>
public sealed class ProviderOptionsValidator<TOptions>(string section, string apiKeyVariable, IOptions<OperatorOptions> operatorOptions) : IValidateOptions<TOptions>
    where TOptions : ProviderClientOptions
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, TOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.ApiKey))
        {
            failures.Add($"{section}:ApiKey is required (or set {apiKeyVariable}).");
        }

        if (options.BaseUrl is not { IsAbsoluteUri: true } url || (url.Scheme != Uri.UriSchemeHttps && url.Scheme != Uri.UriSchemeHttp))
        {
            failures.Add($"{section}:BaseUrl must be an absolute http or https URL.");
        }

        var operatorTimeout = operatorOptions.Value.SendTimeout;
        if (options.SendTimeout >= operatorTimeout)
        {
            failures.Add($"{section}:SendTimeout ({options.SendTimeout}) must be shorter than {OperatorOptions.SectionName}:SendTimeout ({operatorTimeout}), or a send could still be in flight when the operator records it maybe_sent.");
        }

        var motions = ChannelMotions.Names(options.Motions);
        foreach (var motion in motions.Where(m => !ChannelMotions.TryParse(m, out _)))
        {
            failures.Add($"{section}:Motions: '{motion}' is not a motion. Expected a comma-separated list of: {BatchMotions.AllowedValues}.");
        }

        if (motions.Length == 0)
        {
            failures.Add($"{section}:Motions is empty; name at least one of: {BatchMotions.AllowedValues}.");
        }

        if (options.AttemptTimeout > options.SendTimeout || options.AttemptTimeout > options.ReadTimeout)
        {
            failures.Add($"{section}:AttemptTimeout must not exceed SendTimeout or ReadTimeout.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
