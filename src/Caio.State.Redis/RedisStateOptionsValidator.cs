using Caio.State.Internal;
using Microsoft.Extensions.Options;

namespace Caio.State.Redis;

/// <summary>Checks the Redis options at start, naming the setting that is wrong (never echoing a password).</summary>
internal sealed class RedisStateOptionsValidator : IValidateOptions<RedisStateOptions>
{
    public ValidateOptionsResult Validate(string? name, RedisStateOptions options)
    {
        List<string> failures = [];
        if (options.ConnectionFactory is null && options.Configuration is null)
        {
            if (string.IsNullOrWhiteSpace(options.ConnectionString))
            {
                failures.Add("REDIS_URL (Caio:Redis:ConnectionString) is required when STATE_BACKEND is redis.");
            }
            else
            {
                try
                {
                    RedisConnectionSettings.Parse(options.ConnectionString, options.CommandTimeout);
                }
                catch (ArgumentException ex)
                {
                    failures.Add(ex.Message.Split(" (Parameter", 2)[0]);
                }
            }
        }

        Check(options.KeyPrefix, "Caio:Redis:KeyPrefix", failures);
        Check(options.EnvironmentName, "Caio:Redis:EnvironmentName", failures);
        if (options.ExpiryGrace < TimeSpan.Zero)
        {
            failures.Add("Caio:Redis:ExpiryGrace must not be negative.");
        }

        if (options.CommandTimeout <= TimeSpan.Zero)
        {
            failures.Add("Caio:Redis:CommandTimeout must be positive.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void Check(string value, string setting, List<string> failures)
    {
        try
        {
            StateKeys.Validate(value, setting);
        }
        catch (ArgumentException)
        {
            failures.Add($"{setting} must be a non-empty [A-Za-z0-9:_.@+-] string.");
        }
    }
}
