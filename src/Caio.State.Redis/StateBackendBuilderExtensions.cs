using Caio.Hosting;
using Caio.State.Redis;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// Maps <c>STATE_BACKEND</c> onto the builder's state registrations: <c>file</c> → <c>UseFileState()</c>
/// (the default when unset), <c>memory</c> → <c>UseInMemoryState()</c>, <c>redis</c> → <c>AddRedisState()</c>
/// (with <c>REDIS_URL</c> and <c>REDIS_REQUIRED</c>). Any other value stops the host naming the setting
/// and the allowed values. Hosts (the worker, the web host) call it so they choose the backend the same way.
/// </summary>
public static class StateBackendBuilderExtensions
{
    /// <summary>The setting that names the backend.</summary>
    private const string Setting = "STATE_BACKEND";

    /// <summary>The named backends and their registrations.</summary>
    private static readonly Dictionary<string, Action<ICaioBuilder, IConfiguration>> Backends = new(StringComparer.OrdinalIgnoreCase)
    {
        ["file"] = (builder, _) => builder.UseFileState(),
        ["memory"] = (builder, _) => builder.UseInMemoryState(),
        ["redis"] = (builder, configuration) => builder.AddRedisState(configuration.GetSection(RedisStateOptions.SectionName)),
    };

    /// <summary>Registers the state backend that <c>STATE_BACKEND</c> names (<c>file</c> when unset).</summary>
    /// <param name="builder">The builder.</param>
    /// <param name="configuration">The host's configuration.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="OptionsValidationException">The value is not <c>file</c>, <c>memory</c> or <c>redis</c>.</exception>
    public static ICaioBuilder UseStateBackendFromConfiguration(this ICaioBuilder builder, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configuration);
        var value = configuration[Setting] is { Length: > 0 } named ? named.Trim() : "file";

        // Caio:Redis may be configured while another backend is chosen (ready for a cutover): it is a known section.
        builder.AddConfigurationSection<RedisStateOptions>(RedisStateOptions.SectionName);
        if (!Backends.TryGetValue(value, out var register))
        {
            throw new OptionsValidationException(Setting, typeof(CaioOptions), [$"{Setting} is '{value}'; it must be {string.Join(", ", Backends.Keys.SkipLast(1))} or {Backends.Keys.Last()}."]);
        }

        register(builder, configuration);
        return builder;
    }
}
