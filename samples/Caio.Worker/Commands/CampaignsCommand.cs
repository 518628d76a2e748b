using System.CommandLine;
using System.Text.Json;
using Caio.Providers;
using Microsoft.Extensions.DependencyInjection;

namespace Caio.Worker.Commands;

/// <summary><c>campaigns list|activate|pause --provider NAME</c>: activation is always an explicit operator command.</summary>
internal static class CampaignsCommand
{
    public static Command Create(CliContext cli)
    {
        var command = new Command("campaigns", "List, activate or pause a provider's campaigns.");
        command.Subcommands.Add(List(cli));
        command.Subcommands.Add(Change(cli, "activate", "Activate (start or resume) a campaign.", (c, id, ct) => c.ActivateCampaignAsync(id, ct), "activated"));
        command.Subcommands.Add(Change(cli, "pause", "Pause a campaign.", (c, id, ct) => c.PauseCampaignAsync(id, ct), "paused"));
        return command;
    }

    private static Option<string> ProviderOption() => new("--provider") { Description = "instantly or heyreach.", Required = true };

    private static Command List(CliContext cli)
    {
        var provider = ProviderOption();
        var json = new Option<bool>("--json") { Description = "Print JSON." };
        var command = new Command("list", "List the provider's campaigns (all pages).") { provider, json };
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var host = parse.BuildHost();
            var campaigns = await Resolve(host.Services, parse.GetValue(provider)!).ListCampaignsAsync(cancellationToken);
            if (parse.GetValue(json))
            {
                await cli.Out.WriteLineAsync(JsonSerializer.Serialize(campaigns, ProvidersJsonContext.Default.IReadOnlyListProviderCampaign));
            }
            else
            {
                foreach (var campaign in campaigns)
                {
                    await cli.Out.WriteLineAsync($"{campaign.Id,-38} {campaign.Status,-14} {campaign.Name}");
                }
            }

            return CaioCli.Ok;
        });
        return command;
    }

    private static Command Change(CliContext cli, string name, string description, Func<IProviderCampaigns, string, CancellationToken, Task> change, string done)
    {
        var provider = ProviderOption();
        var id = new Argument<string>("campaign-id") { Description = "The provider's campaign id." };
        var command = new Command(name, description) { id, provider };
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var host = parse.BuildHost();
            var campaigns = Resolve(host.Services, parse.GetValue(provider)!);
            try
            {
                await change(campaigns, parse.GetValue(id)!, cancellationToken);
            }
            catch (CaioApiException ex)
            {
                await cli.Error.WriteLineAsync("error: " + ex.Describe());
                return CaioCli.Failure;
            }

            await cli.Out.WriteLineAsync($"{campaigns.Provider} campaign {parse.GetValue(id)} {done}");
            return CaioCli.Ok;
        });
        return command;
    }

    private static IProviderCampaigns Resolve(IServiceProvider services, string provider)
    {
        var all = services.GetServices<IProviderCampaigns>().ToList();
        return all.FirstOrDefault(c => string.Equals(c.Provider, provider, StringComparison.OrdinalIgnoreCase))
            ?? throw new UsageException(all.Count == 0
                ? $"--provider {provider}: no campaign provider is configured (set INSTANTLY_API_KEY or HEYREACH_API_KEY)"
                : $"--provider {provider}: not configured; configured: {string.Join(", ", all.Select(c => c.Provider))}");
    }
}
