using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Serialization;
using Caio.Providers;
using Microsoft.Extensions.DependencyInjection;

namespace Caio.Worker.Commands;

/// <summary><c>providers check [--json]</c>: one cheap authenticated call per configured provider; never prints a key.</summary>
internal static class ProvidersCommand
{
    public static Command Create(CliContext cli)
    {
        var json = new Option<bool>("--json") { Description = "Print JSON." };
        var check = new Command("check", "Make one cheap authenticated call per configured provider and report ok, unauthorized or unreachable.") { json };
        check.SetAction(async (parse, cancellationToken) =>
        {
            using var host = parse.BuildHost();
            var probes = host.Services.GetServices<IProviderProbe>().ToList();
            var results = new List<ProviderProbeResult>(probes.Count);
            foreach (var probe in probes)
            {
                results.Add(await probe.CheckAsync(cancellationToken));
            }

            if (parse.GetValue(json))
            {
                await cli.Out.WriteLineAsync(JsonSerializer.Serialize(results, ProvidersJsonContext.Default.ListProviderProbeResult));
            }
            else if (results.Count == 0)
            {
                await cli.Out.WriteLineAsync("no provider is configured (set INSTANTLY_API_KEY, HEYREACH_API_KEY, or GHL_API_KEY with GHL_LOCATION_ID)");
            }
            else
            {
                foreach (var result in results)
                {
                    await cli.Out.WriteLineAsync($"{result.Provider,-10} {result.Status,-13} {result.Detail}");
                }
            }

            return results.Count > 0 && results.All(r => r.Status == "ok") ? CaioCli.Ok : CaioCli.Failure;
        });
        return new Command("providers", "Dispatch providers (Instantly, HeyReach, GoHighLevel).") { check };
    }
}

/// <summary>Source-generated JSON for the provider commands.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = false)]
[JsonSerializable(typeof(List<ProviderProbeResult>))]
[JsonSerializable(typeof(IReadOnlyList<ProviderCampaign>))]
internal sealed partial class ProvidersJsonContext : JsonSerializerContext;
