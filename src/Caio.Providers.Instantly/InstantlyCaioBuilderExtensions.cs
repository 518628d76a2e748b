using System.Net.Http.Headers;
using Caio.Dispatch;
using Caio.Hosting;
using Caio.Providers;
using Caio.Providers.Instantly;
using Caio.Providers.Instantly.Internal;
using Caio.Providers.Internal;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers Instantly on the Caio builder.</summary>
public static class InstantlyCaioBuilderExtensions
{
    private static readonly ProviderNames Names = new(InstantlyClient.ProviderName, InstantlyOptions.SectionName, InstantlyOptions.ApiKeyVariable, InstantlyOptions.BaseUrlVariable);

    /// <summary>Adds Instantly, binding <c>Caio:Providers:Instantly</c> (<c>INSTANTLY_API_KEY</c> and <c>INSTANTLY_BASE_URL</c> override it).</summary>
    /// <param name="builder">The builder.</param>
    /// <returns>The typed client's builder, for further handlers.</returns>
    public static IHttpClientBuilder AddInstantly(this ICaioBuilder builder) => Add(builder, ProviderRegistration.FromSection<InstantlyOptions>(null, Names));

    /// <summary>Adds Instantly, binding <paramref name="section"/> (the environment variables override it).</summary>
    /// <param name="builder">The builder.</param>
    /// <param name="section">The configuration section.</param>
    /// <returns>The typed client's builder.</returns>
    public static IHttpClientBuilder AddInstantly(this ICaioBuilder builder, IConfigurationSection section)
    {
        ArgumentNullException.ThrowIfNull(section);
        return Add(builder, ProviderRegistration.FromSection<InstantlyOptions>(section, Names));
    }

    /// <summary>Adds Instantly, configured in code (after the environment variables).</summary>
    /// <param name="builder">The builder.</param>
    /// <param name="configure">Configures the options.</param>
    /// <returns>The typed client's builder.</returns>
    public static IHttpClientBuilder AddInstantly(this ICaioBuilder builder, Action<InstantlyOptions> configure) =>
        Add(builder, ProviderRegistration.FromDelegate(configure, Names));

    private static IHttpClientBuilder Add(ICaioBuilder builder, Action<Options.OptionsBuilder<InstantlyOptions>> configure)
    {
        var client = ProviderRegistration.AddProvider<InstantlyOptions, IInstantlyClient, InstantlyClient>(
            builder,
            Names,
            configure,
            (http, options) => http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", options.ApiKey));
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IDispatchChannel, InstantlyChannel>());
        builder.Services.TryAddEnumerable(ServiceDescriptor.Transient<IProviderProbe, InstantlyAdministration>());
        builder.Services.TryAddEnumerable(ServiceDescriptor.Transient<IProviderCampaigns, InstantlyAdministration>());
        return client;
    }
}
