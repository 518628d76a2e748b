using Caio.Hosting;
using Caio.State.Redis;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// Maps <c>STATE_BACKEND</c> (or <c>Caio:StateBackend</c>) onto the builder's state registrations:
/// <c>file</c> → <c>UseFileState()</c>, <c>memory</c> → <c>UseInMemoryState()</c>, <c>redis</c> →
/// <c>AddRedisState()</c> (with <c>REDIS_URL</c> and <c>REDIS_REQUIRED</c>). Any other value stops the
/// host naming the setting. Hosts (the worker, the web host) call it so they choose the backend the same way.
/// </summary>
public static class StateBackendBuilderExtensions
{
    /// <summary>Registers the state backend that <c>STATE_BACKEND</c> (or <c>Caio:StateBackend</c>, default <c>file</c>) names.</summary>
    /// <param name="builder">The builder.</param>
    /// <param name="configuration">The host's configuration.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="OptionsValidationException">The value is not <c>file</c>, <c>memory</c> or <c>redis</c>.</exception>
    public static ICaioBuilder UseStateBackendFromConfiguration(this ICaioBuilder builder, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configuration);
        var (setting, value) = configuration["STATE_BACKEND"] is { Length: > 0 } fromEnvironment
            ? ("STATE_BACKEND", fromEnvironment)
            : ($"{CaioOptions.SectionName}:{nameof(CaioOptions.StateBackend)}", configuration[$"{CaioOptions.SectionName}:{nameof(CaioOptions.StateBackend)}"] ?? "file");
        // Caio:Redis may be configured while another backend is chosen (ready for a cutover): it is a known section.
        builder.AddConfigurationSection<RedisStateOptions>(RedisStateOptions.SectionName);
        switch (value.Trim().ToUpperInvariant())
        {
            case "FILE":
                builder.UseFileState();
                return builder;
            case "MEMORY":
                builder.UseInMemoryState();
                return builder;
            case "REDIS":
                builder.AddRedisState(configuration.GetSection(RedisStateOptions.SectionName));
                return builder;
            default:
                throw new OptionsValidationException(setting, typeof(CaioOptions), [$"{setting} is '{value}'; it must be file, memory or redis."]);
        }
    }
}
