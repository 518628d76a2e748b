using Caio.AspNetCore;
using Caio.AspNetCore.Api;
using Caio.AspNetCore.Auth;
using Caio.AspNetCore.Internal;
using Caio.AspNetCore.Webhooks;
using Caio.Leads;
using Caio.Providers.HeyReach;
using Caio.Providers.Instantly;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the Caio dashboard, its API and the webhook endpoints' services.</summary>
public static class CaioDashboardServiceCollectionExtensions
{
    /// <summary>
    /// Adds the dashboard: options read from the environment variable names of the replaced deployment
    /// (validated at start), deny-by-default authentication, CORS, security headers, the webhook inbox and
    /// its processor, and the OpenAPI document. Call <c>AddCaio</c> as well: the API uses Core's services.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="configure">Changes applied after the environment was read.</param>
    /// <returns>The services.</returns>
    public static IServiceCollection AddCaioDashboard(this IServiceCollection services, Action<CaioDashboardOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<CaioDashboardOptions>().Configure<IConfiguration>((o, c) => DashboardEnvironment.Apply(o, c));
        if (configure is not null)
        {
            options.Configure(configure);
        }

        options.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<CaioDashboardOptions>, DashboardOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<SessionCookie>();
        services.TryAddSingleton<LoginThrottle>();
        services.TryAddSingleton<RuntimeDependencies>();
        services.TryAddSingleton<WebhookAuthenticator>();
        services.TryAddSingleton<WebhookParserRegistry>();
        services.TryAddSingleton<WebhookInbox>();
        services.TryAddSingleton<PendingEmailsReadModel>();
        services.TryAddSingleton<EngagementApplier>();
        services.TryAddSingleton<WebhookInboxProcessor>();
        services.TryAddSingleton<WebhookServices>();
        services.AddHostedService(sp => sp.GetRequiredService<WebhookInboxProcessor>());
        services.AddCaioWebhookParser(ChannelNames.Instantly, InstantlyWebhookParser.Parse);
        services.AddCaioWebhookParser(ChannelNames.HeyReach, HeyReachWebhookParser.Parse);

        services.AddAuthentication(DashboardAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, DashboardAuthenticationHandler>(DashboardAuthenticationHandler.SchemeName, null);
        services.AddAuthorizationBuilder()
            .AddPolicy(DashboardAccessRequirement.PolicyName, p => p.AddAuthenticationSchemes(DashboardAuthenticationHandler.SchemeName).AddRequirements(new DashboardAccessRequirement()));
        services.AddCors();
        services.AddOptions<Microsoft.AspNetCore.Cors.Infrastructure.CorsOptions>().Configure<IOptions<CaioDashboardOptions>>((cors, dashboard) =>
            cors.AddPolicy(DashboardPipeline.CorsPolicy, policy => policy
                .WithOrigins([.. dashboard.Value.CorsOrigins])
                .WithMethods("GET", "POST", "OPTIONS")
                .WithHeaders("Content-Type", DashboardAuthenticationHandler.TokenHeader)
                .AllowCredentials()));
        services.TryAddEnumerable(ServiceDescriptor.Transient<IStartupFilter, DashboardPipeline>());
        services.AddOpenApi();
        return services;
    }

    /// <summary>
    /// Registers a provider's webhook parser: bodies posted to <c>/webhooks/{provider}</c> are checked with it
    /// (a rejection is answered 400) and processed through it. The last registration for a provider wins.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="provider">Provider name: <c>instantly</c>, <c>heyreach</c>, <c>clay</c> or <c>rb2b</c>.</param>
    /// <param name="parser">The parser.</param>
    /// <returns>The services.</returns>
    [System.Diagnostics.CodeAnalysis.Experimental(Caio.Diagnostics.Experiments.WebApiExtensionPoints)]
    public static IServiceCollection AddCaioWebhookParser(this IServiceCollection services, string provider, WebhookPayloadParser parser)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrWhiteSpace(provider);
        ArgumentNullException.ThrowIfNull(parser);
        if (WebhookProvider.Find(provider) is null)
        {
            throw new ArgumentException($"Unknown webhook provider '{provider}': expected instantly, heyreach, clay or rb2b.", nameof(provider));
        }

        services.AddSingleton(new WebhookParserRegistration(provider.ToLowerInvariant(), parser));
        return services;
    }
}
