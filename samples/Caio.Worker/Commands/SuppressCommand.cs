using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Caio.Operations;
using Caio.Safety;
using Microsoft.Extensions.DependencyInjection;

namespace Caio.Worker.Commands;

/// <summary><c>suppress add|remove|list</c>: opt-outs, bounces, domains and addresses recorded by hand, with a reason, audited.</summary>
internal static class SuppressCommand
{
    private static readonly Dictionary<string, SuppressionKind> Kinds = new(StringComparer.OrdinalIgnoreCase)
    {
        ["unsubscribe"] = SuppressionKind.Unsubscribe,
        ["hard_bounce"] = SuppressionKind.HardBounce,
        ["domain"] = SuppressionKind.Domain,
        ["address"] = SuppressionKind.Address,
    };

    public static Command Create(CliContext cli)
    {
        var command = new Command("suppress", "Record by hand who must not be contacted (unsubscribe, hard_bounce, domain, address), remove such a record, or list them.");
        command.Subcommands.Add(Add(cli));
        command.Subcommands.Add(Remove(cli));
        command.Subcommands.Add(List(cli));
        return command;
    }

    private static Command Add(CliContext cli)
    {
        var kind = KindArgument();
        var value = new Argument<string>("value") { Description = "The email address (or, for domain, the domain, e.g. example.com)." };
        var reason = new Option<string>("--reason") { Description = "Why (recorded in the audit trail).", Required = true };
        var command = new Command("add", "Suppress an address or a domain from the next safety check on (audited).") { kind, value, reason, CliContext.By };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var which = ParseKind(parse.GetValue(kind)!);
            var why = parse.GetValue(reason);
            if (string.IsNullOrWhiteSpace(why))
            {
                throw new UsageException("--reason must not be empty.");
            }

            var actor = parse.Actor();
            using var host = parse.BuildHost();
            var listing = await host.Services.GetRequiredService<SuppressionList>().AddAsync(which, parse.GetValue(value)!, why, actor, cancellationToken);
            await cli.Out.WriteLineAsync($"suppressed {Wire(listing.Kind)} {listing.Value} by {actor}: sends to it are refused {listing.ReasonCode}");
            return CaioCli.Ok;
        });
        return command;
    }

    private static Command Remove(CliContext cli)
    {
        var kind = KindArgument();
        var value = new Argument<string>("value") { Description = "The email address or domain." };
        var reason = new Option<string?>("--reason") { Description = "Why (recorded in the audit trail)." };
        var command = new Command("remove", "Remove a suppression of one kind, e.g. a bounce recorded in error (audited).") { kind, value, reason, CliContext.By };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var which = ParseKind(parse.GetValue(kind)!);
            var actor = parse.Actor();
            using var host = parse.BuildStateHost();
            var removed = await host.Services.GetRequiredService<SuppressionList>().RemoveAsync(which, parse.GetValue(value)!, parse.GetValue(reason), actor, cancellationToken);
            if (!removed)
            {
                await cli.Error.WriteLineAsync($"nothing removed: '{parse.GetValue(value)}' has no {Wire(which)} suppression");
                return CaioCli.Failure;
            }

            await cli.Out.WriteLineAsync($"removed the {Wire(which)} suppression of {parse.GetValue(value)!.Trim()} by {actor}");
            return CaioCli.Ok;
        });
        return command;
    }

    private static Command List(CliContext cli)
    {
        var json = new Option<bool>("--json") { Description = "Print JSON." };
        var command = new Command("list", "List every suppression: hand-recorded and recorded by bounces and unsubscribes.") { json };
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var host = parse.BuildStateHost();
            var listings = await host.Services.GetRequiredService<SuppressionList>().ListAsync(cancellationToken);
            if (parse.GetValue(json))
            {
                await cli.Out.WriteLineAsync(JsonSerializer.Serialize([.. listings], WorkerJsonContext.Default.ListSuppressionListing));
                return CaioCli.Ok;
            }

            var now = host.Now();
            await cli.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{listings.Count} suppression(s)"));
            foreach (var listing in listings)
            {
                var when = listing.At is { } at ? HumanTime.Format(at, now, host.Zone()) : "time unknown";
                var who = listing.By is null ? listing.Source is null ? string.Empty : $" from {listing.Source}" : $" by {listing.By}";
                await cli.Out.WriteLineAsync($"{Wire(listing.Kind),-12} {listing.Value}  {when}{who}{(listing.Reason is null ? string.Empty : ": " + listing.Reason)}");
            }

            return CaioCli.Ok;
        });
        return command;
    }

    private static Argument<string> KindArgument() => new("kind") { Description = "unsubscribe, hard_bounce, domain or address." };

    private static SuppressionKind ParseKind(string text) =>
        Kinds.TryGetValue(text.Trim().Replace('-', '_').Replace(' ', '_'), out var kind)
            ? kind
            : throw new UsageException($"kind: '{text}' is not a suppression kind. Expected one of: {string.Join(", ", Kinds.Keys)}.");

    private static string Wire(SuppressionKind kind) => kind switch
    {
        SuppressionKind.Unsubscribe => "unsubscribe",
        SuppressionKind.HardBounce => "hard_bounce",
        SuppressionKind.Domain => "domain",
        SuppressionKind.Address => "address",
        _ => "soft_bounce",
    };
}
