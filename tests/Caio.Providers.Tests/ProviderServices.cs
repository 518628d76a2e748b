using Caio.Hosting;
using Caio.Providers;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Caio.Providers.Tests;

/// <summary>Builds a real service provider with the SDK (memory state) and one or more providers pointed at fakes.</summary>
internal static class ProviderServices
{
    public static ServiceProvider Build(Action<ICaioBuilder> providers, IDictionary<string, string?>? settings = null)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings ?? new Dictionary<string, string?>()).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        var caio = services.AddCaio(_ => { }).UseInMemoryState();
        providers(caio);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true });
    }

    /// <summary>Fast retries and short timeouts for tests against a local fake.</summary>
    public static void Fast(ProviderClientOptions options, Uri baseUrl, string apiKey)
    {
        options.BaseUrl = baseUrl;
        options.ApiKey = apiKey;
        options.RetryBaseDelay = TimeSpan.FromMilliseconds(5);
        options.AttemptTimeout = TimeSpan.FromSeconds(5);
        options.SendTimeout = TimeSpan.FromSeconds(10);
        options.ReadTimeout = TimeSpan.FromSeconds(20);
    }
}
