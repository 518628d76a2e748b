using Caio.Hosting;
using Caio.Providers.GoHighLevel;
using Caio.Providers.HeyReach;
using Caio.Providers.Instantly;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Caio.Worker;

/// <summary>
/// Registers each provider whose key is configured (environment variable or <c>Caio:Providers:*:ApiKey</c>).
/// A provider without a key is simply not registered: its channel is not available, and
/// <c>operator --live --channels</c> naming it is refused before anything is claimed.
/// </summary>
internal static class ProviderSetup
{
    public static void AddConfiguredProviders(ICaioBuilder caio, IConfiguration configuration)
    {
        if (IsConfigured(configuration, InstantlyOptions.ApiKeyVariable, InstantlyOptions.SectionName))
        {
            caio.AddInstantly(configuration.GetSection(InstantlyOptions.SectionName));
        }

        if (IsConfigured(configuration, HeyReachOptions.ApiKeyVariable, HeyReachOptions.SectionName))
        {
            caio.AddHeyReach(configuration.GetSection(HeyReachOptions.SectionName));
        }

        if (IsConfigured(configuration, GoHighLevelOptions.ApiKeyVariable, GoHighLevelOptions.SectionName))
        {
            caio.AddGoHighLevel(configuration.GetSection(GoHighLevelOptions.SectionName));
        }
    }

    private static bool IsConfigured(IConfiguration configuration, string variable, string section) =>
        !string.IsNullOrWhiteSpace(configuration[variable]) || !string.IsNullOrWhiteSpace(configuration[section + ":ApiKey"]);
}
