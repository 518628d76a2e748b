using System.Net.Http.Headers;
using Caio.Dispatch;
using Caio.Hosting;
using Caio.Providers;
using Caio.Providers.GoHighLevel;
using Caio.Providers.GoHighLevel.Internal;
using Caio.Providers.Internal;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers GoHighLevel on the Caio builder.</summary>
public static class GoHighLevelCaioBuilderExtensions
{
    private static readonly ProviderNames Names = new(GoHighLevelClient.ProviderName, GoHighLevelOptions.SectionName, GoHighLevelOptions.ApiKeyVariable, GoHighLevelOptions.BaseUrlVariable);

    /// <summary>
    /// Adds GoHighLevel, binding <c>Caio:Providers:GoHighLevel</c> (<c>GHL_API_KEY</c>, <c>GHL_LOCATION_ID</c>
    /// and <c>GHL_BASE_URL</c> override it).
    /// </summary>
    /// <param name="builder">The builder.</param>
    /// <returns>The typed client's builder, for further handlers.</returns>
    public static IHttpClientBuilder AddGoHighLevel(this ICaioBuilder builder) =>
        Add(builder, options => { ProviderRegistration.FromSection<GoHighLevelOptions>(null, Names)(options); options.Configure<IServiceProvider>(ApplyLocation); });

    /// <summary>Adds GoHighLevel, binding <paramref name="section"/> (the environment variables override it).</summary>
    /// <param name="builder">The builder.</param>
    /// <param name="section">The configuration section.</param>
    /// <returns>The typed client's builder.</returns>
    public static IHttpClientBuilder AddGoHighLevel(this ICaioBuilder builder, IConfigurationSection section)
    {
        ArgumentNullException.ThrowIfNull(section);
        return Add(builder, options => { ProviderRegistration.FromSection<GoHighLevelOptions>(section, Names)(options); options.Configure<IServiceProvider>(ApplyLocation); });
    }

    /// <summary>Adds GoHighLevel, configured in code (after the environment variables).</summary>
    /// <param name="builder">The builder.</param>
    /// <param name="configure">Configures the options.</param>
    /// <returns>The typed client's builder.</returns>
    public static IHttpClientBuilder AddGoHighLevel(this ICaioBuilder builder, Action<GoHighLevelOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        return Add(builder, options => { options.Configure<IServiceProvider>(ApplyLocation); ProviderRegistration.FromDelegate(configure, Names)(options); });
    }

    private static void ApplyLocation(GoHighLevelOptions options, IServiceProvider services)
    {
        var location = services.GetService<IConfiguration>()?[GoHighLevelOptions.LocationIdVariable] ?? Environment.GetEnvironmentVariable(GoHighLevelOptions.LocationIdVariable);
        if (!string.IsNullOrWhiteSpace(location))
        {
            options.LocationId = location.Trim();
        }
    }

    private static IHttpClientBuilder Add(ICaioBuilder builder, Action<OptionsBuilder<GoHighLevelOptions>> configure)
    {
        var client = ProviderRegistration.AddProvider<GoHighLevelOptions, IGoHighLevelClient, GoHighLevelClient>(
            builder,
            Names,
            options =>
            {
                configure(options);
                options.Validate(o => !string.IsNullOrWhiteSpace(o.LocationId), $"{GoHighLevelOptions.SectionName}:LocationId is required (or set {GoHighLevelOptions.LocationIdVariable}).");
            },
            (http, options) => http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", options.ApiKey));
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IDispatchChannel, GoHighLevelChannel>());
        builder.Services.TryAddEnumerable(ServiceDescriptor.Transient<IProviderProbe, GoHighLevelAdministration>());
        return client;
    }
}
