using Caio.Hosting;
using Caio.Providers;
using Caio.Safety;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>What every provider registration adds once: routing options and the provider guards.</summary>
public static class ProviderBuilderExtensions
{
    /// <summary>
    /// Adds tier routing (<c>Caio:Providers:Routing</c>), the circuit states and the two provider guards
    /// (tier routing, provider availability) after suppression. Idempotent; called by every <c>AddX</c> provider registration.
    /// </summary>
    /// <param name="builder">The builder.</param>
    /// <returns>The builder.</returns>
    public static ICaioBuilder AddProviderSafety(this ICaioBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        if (services.Any(d => d.ServiceType == typeof(TierRoutingGuard)))
        {
            return builder;
        }

        // Bound when the host has configuration; the defaults apply otherwise.
        builder.AddConfigurationSection<ChannelRoutingOptions>(ChannelRoutingOptions.SectionName);
        services.AddOptions<ChannelRoutingOptions>().Configure<IServiceProvider>((options, sp) => sp.GetService<IConfiguration>()?.GetSection(ChannelRoutingOptions.SectionName).Bind(options));
        services.TryAddSingleton<ProviderCircuits>();
        services.TryAddSingleton<TierRoutingGuard>();
        services.TryAddSingleton<ProviderAvailabilityGuard>();
        builder.AddSendGuard(GuardExtensionPoint.AfterSuppression, sp => sp.GetRequiredService<TierRoutingGuard>());
        builder.AddSendGuard(GuardExtensionPoint.AfterSuppression, sp => sp.GetRequiredService<ProviderAvailabilityGuard>());
        return builder;
    }
}
