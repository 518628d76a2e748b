using Caio.Dispatch;
using Caio.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Caio.Providers.Internal;

/// <summary>The registration every <c>AddX</c> provider extension shares.</summary>
internal static class ProviderRegistration
{
    /// <summary>Registers options (validated at start), the provider guards and the typed client with its pipeline.</summary>
    public static IHttpClientBuilder AddProvider<TOptions, TClient, TImplementation>(
        ICaioBuilder builder,
        ProviderNames names,
        Action<OptionsBuilder<TOptions>> configure,
        Action<HttpClient, TOptions> authenticate)
        where TOptions : ProviderClientOptions
        where TClient : class
        where TImplementation : class, TClient
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.AddProviderSafety();
        var services = builder.Services;
        builder.AddConfigurationSection<TOptions>(names.Section);
        var options = services.AddOptions<TOptions>();
        configure(options);
        options.ValidateDataAnnotations().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TOptions>, ProviderOptionsValidator<TOptions>>(
            sp => new ProviderOptionsValidator<TOptions>(names.Section, names.ApiKeyVariable, sp.GetRequiredService<IOptions<OperatorOptions>>())));
        return services.AddHttpClient<TClient, TImplementation>().AddProviderPipeline(names.Provider, authenticate);
    }

    /// <summary>Binds a section, then lets the provider's environment variables override it.</summary>
    public static Action<OptionsBuilder<TOptions>> FromSection<TOptions>(IConfigurationSection? section, ProviderNames names)
        where TOptions : ProviderClientOptions => builder =>
    {
        if (section is null)
        {
            builder.BindConfiguration(names.Section);
        }
        else
        {
            builder.Bind(section);
        }

        builder.Configure<IServiceProvider>((options, services) => ApplyEnvironment(options, services.GetService<IConfiguration>(), names));
    };

    /// <summary>Takes the environment variables, then the code's configuration (which wins).</summary>
    public static Action<OptionsBuilder<TOptions>> FromDelegate<TOptions>(Action<TOptions> configure, ProviderNames names)
        where TOptions : ProviderClientOptions
    {
        ArgumentNullException.ThrowIfNull(configure);
        return builder => builder
            .Configure<IServiceProvider>((options, services) => ApplyEnvironment(options, services.GetService<IConfiguration>(), names))
            .Configure(configure);
    }

    private static void ApplyEnvironment(ProviderClientOptions options, IConfiguration? configuration, ProviderNames names)
    {
        var key = configuration?[names.ApiKeyVariable] ?? Environment.GetEnvironmentVariable(names.ApiKeyVariable);
        if (!string.IsNullOrWhiteSpace(key))
        {
            options.ApiKey = key.Trim();
        }

        var url = configuration?[names.BaseUrlVariable] ?? Environment.GetEnvironmentVariable(names.BaseUrlVariable);
        if (!string.IsNullOrWhiteSpace(url))
        {
            options.BaseUrl = Uri.TryCreate(url.Trim(), UriKind.Absolute, out var parsed) ? parsed : throw new OptionsValidationException(names.BaseUrlVariable, typeof(Uri), [$"{names.BaseUrlVariable} must be an absolute http or https URL."]);
        }
    }
}

/// <summary>The names of a provider's settings.</summary>
/// <param name="Provider">Provider and channel name.</param>
/// <param name="Section">Configuration section.</param>
/// <param name="ApiKeyVariable">Environment variable of the key.</param>
/// <param name="BaseUrlVariable">Environment variable of the base URL.</param>
internal sealed record ProviderNames(string Provider, string Section, string ApiKeyVariable, string BaseUrlVariable);
