using Caio.Hosting;
using Caio.State;
using Caio.State.Redis;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the Redis state backend on the Caio builder.</summary>
public static class RedisStateBuilderExtensions
{
    /// <summary>
    /// Uses Redis for all state, binding <see cref="RedisStateOptions"/> from the <c>Caio:Redis</c> section of
    /// the host's configuration; <c>REDIS_URL</c> and <c>REDIS_REQUIRED</c> override it.
    /// </summary>
    /// <param name="builder">The builder.</param>
    /// <returns>The builder.</returns>
    public static ICaioBuilder AddRedisState(this ICaioBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<RedisStateOptions>().BindConfiguration(RedisStateOptions.SectionName);
        builder.AddConfigurationSection<RedisStateOptions>(RedisStateOptions.SectionName);
        return AddCore(builder);
    }

    /// <summary>Uses Redis for all state, binding <see cref="RedisStateOptions"/> from <paramref name="section"/>; <c>REDIS_URL</c> and <c>REDIS_REQUIRED</c> override it.</summary>
    /// <param name="builder">The builder.</param>
    /// <param name="section">The section holding <c>ConnectionString</c>, <c>KeyPrefix</c>, <c>EnvironmentName</c> ….</param>
    /// <returns>The builder.</returns>
    public static ICaioBuilder AddRedisState(this ICaioBuilder builder, IConfigurationSection section)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(section);
        builder.Services.AddOptions<RedisStateOptions>().Bind(section);
        if (section.Path.StartsWith(CaioOptions.SectionName + ":", StringComparison.OrdinalIgnoreCase))
        {
            // A section below Caio is checked key by key by strict binding.
            builder.AddConfigurationSection<RedisStateOptions>(section.Path);
        }

        return AddCore(builder);
    }

    /// <summary>Uses Redis for all state, configured in code.</summary>
    /// <param name="builder">The builder.</param>
    /// <param name="configure">Configures the options (connection, key prefix, environment name).</param>
    /// <returns>The builder.</returns>
    public static ICaioBuilder AddRedisState(this ICaioBuilder builder, Action<RedisStateOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        builder.Services.AddOptions<RedisStateOptions>().Configure(configure);
        return AddCore(builder);
    }

    private static ICaioBuilder AddCore(ICaioBuilder builder)
    {
        var services = builder.Services;
        var first = !services.Any(d => d.ServiceType == typeof(RedisStateStore));
        services.AddOptions<RedisStateOptions>()
            .Configure<IServiceProvider>(ApplyEnvironmentNames)
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<RedisStateOptions>, RedisStateOptionsValidator>());
        services.TryAddSingleton(CreateStore);
        services.Replace(ServiceDescriptor.Singleton(CreateStateStore));
        services.Replace(ServiceDescriptor.Singleton(RedisStateStore.Descriptor));

        // Readiness: unreachable Redis makes the host not ready (REDIS_REQUIRED), never a local fallback.
        if (first)
        {
            services.AddHealthChecks().AddCheck<RedisStateHealthCheck>(RedisStateHealthCheck.Name, tags: ["ready"]);
        }

        return builder;
    }

    private static void ApplyEnvironmentNames(RedisStateOptions options, IServiceProvider services)
    {
        if (services.GetService<IConfiguration>() is not { } configuration)
        {
            return;
        }

        if (configuration["REDIS_URL"] is { Length: > 0 } url)
        {
            options.ConnectionString = url;
        }

        options.Required = Flag(configuration, "REDIS_REQUIRED") ?? options.Required;
        options.DualRead = Flag(configuration, "STATE_DUAL_READ_ENABLED") ?? options.DualRead;
        options.FileFallbackWrite = Flag(configuration, "STATE_FILE_FALLBACK_WRITE") ?? options.FileFallbackWrite;
    }

    private static bool? Flag(IConfiguration configuration, string name) =>
        configuration[name] is not { Length: > 0 } text ? null
        : bool.TryParse(text, out var value) ? value
        : throw new OptionsValidationException(name, typeof(RedisStateOptions), [$"{name} must be true or false, not '{text}'."]);

    private static IStateStore CreateStateStore(IServiceProvider services)
    {
        var redis = services.GetRequiredService<RedisStateStore>();
        var options = services.GetRequiredService<IOptions<RedisStateOptions>>().Value;
        return options.DualRead || options.FileFallbackWrite
            ? new RedisCutoverStateStore(redis, CaioStateBuilderExtensions.CreateFileStore(services, configure: null), options.DualRead, options.FileFallbackWrite)
            : redis;
    }

    private static RedisStateStore CreateStore(IServiceProvider services)
    {
        var options = services.GetRequiredService<IOptions<RedisStateOptions>>().Value;
        var time = services.GetRequiredService<TimeProvider>();
        return options.ConnectionFactory is { } factory
            ? new RedisStateStore(factory(services), options, time)
            : RedisStateStore.Connect(options, time);
    }
}
