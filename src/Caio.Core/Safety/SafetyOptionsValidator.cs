using Caio.Dedup;
using Caio.Leads;
using Caio.Safety.Internal;
using Microsoft.Extensions.Options;

namespace Caio.Safety;

/// <summary>Validates <see cref="SafetyOptions"/>; every error names the setting it is about.</summary>
internal sealed class SafetyOptionsValidator : IValidateOptions<SafetyOptions>
{
    private const string Section = SafetyOptions.SectionName;

    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, SafetyOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = Collect(options);
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    /// <summary>Returns the options or throws an <see cref="OptionsValidationException"/> listing every error.</summary>
    internal static SafetyOptions EnsureValid(SafetyOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = Collect(options);
        return errors.Count == 0 ? options : throw new OptionsValidationException(Options.DefaultName, typeof(SafetyOptions), errors);
    }

    private static List<string> Collect(SafetyOptions options)
    {
        var errors = new List<string>();
        if (options.EmergencyStop is null || options.Suppression is null || options.Ramp is null || options.Caps is null || options.SendWindow is null)
        {
            errors.Add($"{Section}: the EmergencyStop, Suppression, Ramp, Caps and SendWindow sections must not be null.");
            return errors;
        }

        if (string.IsNullOrWhiteSpace(options.EmergencyStop.EnvironmentVariable))
        {
            errors.Add($"{Section}:EmergencyStop:EnvironmentVariable must name an environment variable.");
        }

        if (options.Suppression.SoftBounceStrikes < 1)
        {
            errors.Add($"{Section}:Suppression:SoftBounceStrikes must be at least 1 (was {options.Suppression.SoftBounceStrikes}).");
        }

        CheckDomains(errors, "BlockedDomains", options.Suppression.BlockedDomains);
        CheckDomains(errors, "DisposableDomains", options.Suppression.DisposableDomains);
        foreach (var email in options.Suppression.BlockedEmails)
        {
            var address = (email ?? string.Empty).Trim();
            address = address.StartsWith(DedupKey.Prefix, StringComparison.OrdinalIgnoreCase) ? address[DedupKey.Prefix.Length..] : address;
            if (EmailCanonicalizer.Default.Normalize(address, out var reason) is null)
            {
                errors.Add($"{Section}:Suppression:BlockedEmails: '{email}' is not a valid address ({reason.ToWireName()}).");
            }
        }

        var ramp = options.Ramp;
        if (ramp.DailyLimit < 0)
        {
            errors.Add($"{Section}:Ramp:DailyLimit must not be negative (was {ramp.DailyLimit}).");
        }

        if (ramp.LookbackDays is < 1 or > 366)
        {
            errors.Add($"{Section}:Ramp:LookbackDays must be between 1 and 366 (was {ramp.LookbackDays}).");
        }

        if (ramp.CleanDaysRequired < 0 || ramp.CleanDaysRequired > ramp.LookbackDays)
        {
            errors.Add($"{Section}:Ramp:CleanDaysRequired must be between 0 and Ramp:LookbackDays ({ramp.LookbackDays}) (was {ramp.CleanDaysRequired}).");
        }

        foreach (var tier in ramp.AllowedTiers)
        {
            if (!TierNames.TryParse(tier, out _))
            {
                errors.Add($"{Section}:Ramp:AllowedTiers: unknown tier '{tier}'. Expected tier_1, tier_2, tier_3 or tier_4.");
            }
        }

        var caps = options.Caps;
        CheckLimit(errors, "Monthly", caps.Monthly);
        CheckLimit(errors, "Daily", caps.Daily);
        CheckLimit(errors, "Hourly", caps.Hourly);
        CheckLimit(errors, "PerDomainPerHour", caps.PerDomainPerHour);
        CheckLimit(errors, "PerDomainPerBatch", caps.PerDomainPerBatch);
        CheckLimit(errors, "PerMailboxDaily", caps.PerMailboxDaily);
        if (caps.MinimumGap < TimeSpan.Zero)
        {
            errors.Add($"{Section}:Caps:MinimumGap must not be negative (was {caps.MinimumGap}).");
        }

        if (!ZonedTime.TryFind(caps.TimeZone, out _))
        {
            errors.Add($"{Section}:Caps:TimeZone: unknown time zone id '{caps.TimeZone}'. Use an IANA id such as 'Europe/Berlin' or 'UTC'.");
        }

        var window = options.SendWindow;
        if (window.Start >= window.End)
        {
            errors.Add($"{Section}:SendWindow:Start ({window.Start:HH\\:mm}) must be earlier than SendWindow:End ({window.End:HH\\:mm}).");
        }

        if (!ZonedTime.TryFind(window.DefaultTimeZone, out _))
        {
            errors.Add($"{Section}:SendWindow:DefaultTimeZone: unknown time zone id '{window.DefaultTimeZone}'. Use an IANA id such as 'Europe/Berlin' or 'UTC'.");
        }

        foreach (var day in window.BusinessDays)
        {
            if (!Enum.IsDefined(day))
            {
                errors.Add($"{Section}:SendWindow:BusinessDays: '{day}' is not a day of the week.");
            }
        }

        return errors;
    }

    private static void CheckDomains(List<string> errors, string name, IEnumerable<string> domains)
    {
        foreach (var domain in domains)
        {
            var trimmed = (domain ?? string.Empty).Trim().TrimStart('@', '.', '*').TrimEnd('.');
            if (EmailCanonicalizer.Default.Normalize("x@" + trimmed, out var reason) is null)
            {
                errors.Add($"{Section}:Suppression:{name}: '{domain}' is not a valid domain ({reason.ToWireName()}).");
            }
        }
    }

    private static void CheckLimit(List<string> errors, string name, int? value)
    {
        if (value < 0)
        {
            errors.Add($"{Section}:Caps:{name} must not be negative (was {value}); leave it empty to switch the cap off.");
        }
    }
}
