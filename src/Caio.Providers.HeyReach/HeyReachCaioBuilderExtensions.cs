using Caio.Dispatch;
using Caio.Hosting;
using Caio.Providers;
using Caio.Providers.HeyReach;
using Caio.Providers.HeyReach.Internal;
using Caio.Providers.Internal;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers HeyReach on the Caio builder.</summary>
public static class HeyReachCaioBuilderExtensions
{
    private static readonly ProviderNames Names = new(HeyReachClient.ProviderName, HeyReachOptions.SectionName, HeyReachOptions.ApiKeyVariable, HeyReachOptions.BaseUrlVariable);

    /// <summary>Adds HeyReach, binding <c>Caio:Providers:HeyReach</c> (<c>HEYREACH_API_KEY</c> and <c>HEYREACH_BASE_URL</c> override it).</summary>
    /// <param name="builder">The builder.</param>
    /// <returns>The typed client's builder, for further handlers.</returns>
    public static IHttpClientBuilder AddHeyReach(this ICaioBuilder builder) => Add(builder, ProviderRegistration.FromSection<HeyReachOptions>(null, Names));

    /// <summary>Adds HeyReach, binding <paramref name="section"/> (the environment variables override it).</summary>
    /// <param name="builder">The builder.</param>
    /// <param name="section">The configuration section.</param>
    /// <returns>The typed client's builder.</returns>
    public static IHttpClientBuilder AddHeyReach(this ICaioBuilder builder, IConfigurationSection section)
    {
        ArgumentNullException.ThrowIfNull(section);
        return Add(builder, ProviderRegistration.FromSection<HeyReachOptions>(section, Names));
    }

    /// <summary>Adds HeyReach, configured in code (after the environment variables).</summary>
    /// <param name="builder">The builder.</param>
    /// <param name="configure">Configures the options.</param>
    /// <returns>The typed client's builder.</returns>
    public static IHttpClientBuilder AddHeyReach(this ICaioBuilder builder, Action<HeyReachOptions> configure) =>
        Add(builder, ProviderRegistration.FromDelegate(configure, Names));

    private static IHttpClientBuilder Add(ICaioBuilder builder, Action<Options.OptionsBuilder<HeyReachOptions>> configure)
    {
        var client = ProviderRegistration.AddProvider<HeyReachOptions, IHeyReachClient, HeyReachClient>(
            builder,
            Names,
            configure,
            (http, options) => http.DefaultRequestHeaders.Add("X-API-KEY", options.ApiKey));
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IDispatchChannel, HeyReachChannel>());
        builder.Services.TryAddEnumerable(ServiceDescriptor.Transient<IProviderProbe, HeyReachAdministration>());
        builder.Services.TryAddEnumerable(ServiceDescriptor.Transient<IProviderCampaigns, HeyReachAdministration>());
        return client;
    }
}
