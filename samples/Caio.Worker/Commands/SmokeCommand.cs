using System.CommandLine;
using System.Text.Json;
using Caio.AspNetCore.Smoke;

namespace Caio.Worker.Commands;

/// <summary>
/// <c>smoke auth --base-url URL --token T [--expect-query-token-enabled B]</c> and
/// <c>smoke webhooks --base-url URL --dashboard-token T [--webhook-bearer-token W] [--expect-webhook-required B]</c>:
/// the deployment gate's checks against any web host, one PASS/FAIL line per check; exit 1 when any fails.
/// </summary>
internal static class SmokeCommand
{
    public static Command Create(CliContext cli)
    {
        var command = new Command("smoke", "Check a running web host's authentication and webhooks (the deployment gate's checks plus the bypass matrix).");
        command.Subcommands.Add(CreateAuth(cli));
        command.Subcommands.Add(CreateWebhooks(cli));
        return command;
    }

    private static Command CreateAuth(CliContext cli)
    {
        var baseUrl = new Option<string>("--base-url") { Description = "The web host, e.g. http://127.0.0.1:8080.", Required = true };
        var token = new Option<string>("--token") { Description = "The dashboard token.", Required = true };
        var expectQuery = new Option<string?>("--expect-query-token-enabled") { Description = "Whether ?token= is expected to work: true or false (default true)." };
        var json = new Option<bool>("--json") { Description = "Print the JSON summary." };
        var command = new Command("auth", "Dashboard authentication: protected routes refuse strangers, tokens work, readiness, CORS preflight, the page, the bypass matrix.") { baseUrl, token, expectQuery, json };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var report = await DashboardSmoke.RunAuthAsync(
                new AuthSmokeOptions { BaseUrl = Url(parse.GetValue(baseUrl)!), Token = parse.GetValue(token)!, ExpectQueryTokenEnabled = Bool(parse.GetValue(expectQuery), "--expect-query-token-enabled") ?? true },
                cancellationToken);
            return await PrintAsync(cli, report, parse.GetValue(json));
        });
        return command;
    }

    private static Command CreateWebhooks(CliContext cli)
    {
        var baseUrl = new Option<string>("--base-url") { Description = "The web host.", Required = true };
        var token = new Option<string>("--dashboard-token") { Description = "The dashboard token.", Required = true };
        var bearer = new Option<string?>("--webhook-bearer-token") { Description = "The shared webhook bearer (enables the accepted-request checks)." };
        var expectRequired = new Option<string?>("--expect-webhook-required") { Description = "Whether webhook strict mode is expected: true or false (default true)." };
        var hardAuth = new Option<bool>("--require-heyreach-hard-auth") { Description = "Unsigned HeyReach posts must be refused." };
        var json = new Option<bool>("--json") { Description = "Print the JSON summary." };
        var command = new Command("webhooks", "Webhook authentication: strictness as expected, unsigned posts refused, the bearer accepted, malformed and oversize bodies refused cleanly.")
        {
            baseUrl, token, bearer, expectRequired, hardAuth, json,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var report = await DashboardSmoke.RunWebhooksAsync(
                new WebhookSmokeOptions
                {
                    BaseUrl = Url(parse.GetValue(baseUrl)!),
                    DashboardToken = parse.GetValue(token)!,
                    WebhookBearerToken = parse.GetValue(bearer),
                    ExpectWebhookRequired = Bool(parse.GetValue(expectRequired), "--expect-webhook-required") ?? true,
                    RequireHeyReachHardAuth = parse.GetValue(hardAuth),
                },
                cancellationToken);
            return await PrintAsync(cli, report, parse.GetValue(json));
        });
        return command;
    }

    private static async Task<int> PrintAsync(CliContext cli, SmokeReport report, bool json)
    {
        if (json)
        {
            await cli.Out.WriteLineAsync(JsonSerializer.Serialize(report, SmokeJson.Default.SmokeReport));
        }
        else
        {
            foreach (var check in report.Checks)
            {
                await cli.Out.WriteLineAsync($"{(check.Passed ? "PASS" : "FAIL")} {check.Name}: {check.Method} {check.Url} -> {check.Status?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "no response"} (expected {check.Expectation}){(check.Passed || check.Detail is null ? string.Empty : "; " + check.Detail)}");
            }

            var failed = report.Checks.Count(c => !c.Passed);
            await cli.Out.WriteLineAsync(failed == 0 ? $"all {report.Checks.Count} checks passed against {report.BaseUrl}" : $"{failed} of {report.Checks.Count} checks failed against {report.BaseUrl}");
        }

        return report.Passed ? CaioCli.Ok : CaioCli.Failure;
    }

    private static Uri Url(string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
            ? uri
            : throw new UsageException($"--base-url must be an http:// or https:// URL, not '{value}'.");

    private static bool? Bool(string? value, string name) => value?.Trim().ToLowerInvariant() switch
    {
        null => null,
        "1" or "true" or "yes" or "on" => true,
        "0" or "false" or "no" or "off" => false,
        _ => throw new UsageException($"{name} must be true or false (1/yes/on, 0/no/off), not '{value}'."),
    };
}

[System.Text.Json.Serialization.JsonSerializable(typeof(SmokeReport))]
[System.Text.Json.Serialization.JsonSourceGenerationOptions(WriteIndented = true)]
internal sealed partial class SmokeJson : System.Text.Json.Serialization.JsonSerializerContext;
