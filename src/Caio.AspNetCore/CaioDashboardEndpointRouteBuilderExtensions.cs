using Caio.AspNetCore;
using Caio.AspNetCore.Api;
using Caio.AspNetCore.Auth;
using Caio.AspNetCore.Internal;
using Caio.AspNetCore.Pages;
using Caio.AspNetCore.Webhooks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Scalar.AspNetCore;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Maps the Caio dashboard, its API and the webhook endpoints.</summary>
public static class CaioDashboardEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps the dashboard API under <c>/api</c> (every route protected unless public: the health routes and
    /// <c>DASHBOARD_AUTH_ALLOWLIST</c>; unknown <c>/api</c> paths answer 401 without credentials), the approval
    /// page with its login (<c>/login</c>, <c>/logout</c>, <c>/sales</c>, <c>/</c>, <c>/scorecard</c>,
    /// <c>/ChiefAIOfficer</c>, <c>/static/*</c>) and, in Development only, the OpenAPI document and its UI.
    /// </summary>
    /// <param name="endpoints">The endpoint builder.</param>
    /// <returns>The convention builder of the dashboard's route group.</returns>
    public static IEndpointConventionBuilder MapCaioDashboardApi(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var root = endpoints.MapGroup(string.Empty);
        var api = root.MapGroup("/api")
            .RequireAuthorization(DashboardAccessRequirement.PolicyName)
            .AddEndpointFilter<CsrfFilter>()
            .WithTags("Dashboard");
        HealthEndpoints.Map(api);
        ReviewEndpoints.Map(api);
        OperatorEndpoints.Map(api);
        BatchEndpoints.Map(api);
        api.MapFallback("{**path}", () => Problems.Result(404, "Not Found", "No API route answers this path.", "not_found")).ExcludeFromDescription();
        PageEndpoints.Map(root);

        var environment = endpoints.ServiceProvider.GetRequiredService<IHostEnvironment>();
        var options = endpoints.ServiceProvider.GetRequiredService<IOptions<CaioDashboardOptions>>().Value;
        if (environment.IsDevelopment() && !options.IsProductionLike)
        {
            endpoints.MapOpenApi("/openapi.json");
            endpoints.MapScalarApiReference("/docs", o => o.WithOpenApiRoutePattern("/openapi.json"));
            endpoints.MapGet("/redoc", () => Results.Redirect("/docs")).ExcludeFromDescription();
        }

        return root;
    }

    /// <summary>
    /// Maps <c>POST /webhooks/instantly[/{event}]</c>, <c>/webhooks/heyreach</c>, <c>/webhooks/clay</c>,
    /// <c>/webhooks/rb2b</c> and <c>GET /webhooks/{provider}/health</c>. Dashboard authentication does not
    /// apply; each provider's webhook authentication does.
    /// </summary>
    /// <param name="endpoints">The endpoint builder.</param>
    /// <returns>The convention builder of the webhooks' route group.</returns>
    public static IEndpointConventionBuilder MapCaioWebhooks(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var hooks = endpoints.MapGroup("/webhooks").AllowAnonymous().WithTags("Webhooks");
        WebhookEndpoints.Map(hooks);
        return hooks;
    }
}
