// The web host: the approval dashboard, its API and the provider webhooks, on the same state as the worker
// (file state under ./.caio by default). Configuration: appsettings.json, then environment variables
// (DASHBOARD_AUTH_TOKEN, WEBHOOK_BEARER_TOKEN, … — see docs/configuration.md).
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
if (builder.Configuration["Caio:StateDirectory"] is { } stateDirectory && !Path.IsPathRooted(stateDirectory))
{
    // Relative to where the host is started, exactly like the worker, so both see the same state.
    builder.Configuration["Caio:StateDirectory"] = Path.GetFullPath(stateDirectory, Environment.CurrentDirectory);
}

builder.Services.AddCaio(builder.Configuration).UseStateBackendFromConfiguration(builder.Configuration); // STATE_BACKEND, REDIS_URL, REDIS_REQUIRED
builder.Services.AddCaioDashboard();

var app = builder.Build();
app.MapCaioDashboardApi();
app.MapCaioWebhooks();
app.Run();
