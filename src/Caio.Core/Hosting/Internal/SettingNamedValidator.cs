using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace Caio.Hosting.Internal;

/// <summary>
/// Wraps a generated data-annotation validator so that each failure names the setting by its
/// configuration key, as every other Caio validation message does:
/// <c>MaxItems: The field BatchOptions.MaxItems must be between 1 and 100000.</c> becomes
/// <c>Caio:Batches:MaxItems must be between 1 and 100000.</c>
/// </summary>
/// <typeparam name="TOptions">The options type.</typeparam>
internal sealed partial class SettingNamedValidator<TOptions>(IValidateOptions<TOptions> inner, string section) : IValidateOptions<TOptions>
    where TOptions : class
{
    public ValidateOptionsResult Validate(string? name, TOptions options)
    {
        var result = inner.Validate(name, options);
        return result.Failed ? ValidateOptionsResult.Fail(result.Failures.Select(Rename)) : result;
    }

    private string Rename(string failure)
    {
        var match = GeneratedFailure().Match(failure);
        return match.Success ? $"{section}:{match.Groups["member"].Value.Replace('.', ':')} {match.Groups["rest"].Value}" : failure;
    }

    [GeneratedRegex(@"^(?<member>[\w.]+): The field \w+\.\k<member> (?<rest>.+)$", RegexOptions.Singleline)]
    private static partial Regex GeneratedFailure();
}
