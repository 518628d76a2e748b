using Caio.Operations;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Caio.Worker.Commands;

/// <summary>Unique id prefixes, like git: every command that takes a review item or batch id takes a prefix of it.</summary>
internal static class CliIds
{
    /// <summary>The full review item id for <paramref name="input"/>; the input itself when nothing matches (the command then says it is not found).</summary>
    /// <exception cref="UsageException">The prefix matches several items (exit code 2, the candidates listed).</exception>
    public static async Task<string> ItemAsync(IHost host, string input, CancellationToken cancellationToken) =>
        Resolved(await host.Services.GetRequiredService<IdPrefixResolver>().ResolveReviewItemAsync(input, cancellationToken), "review item");

    /// <summary>The full batch id for <paramref name="input"/>; the input itself when nothing matches.</summary>
    /// <exception cref="UsageException">The prefix matches several batches.</exception>
    public static async Task<string> BatchAsync(IHost host, string input, CancellationToken cancellationToken) =>
        Resolved(await host.Services.GetRequiredService<IdPrefixResolver>().ResolveBatchAsync(input, cancellationToken), "batch");

    private static string Resolved(IdResolution resolution, string what) =>
        resolution.Id
        ?? (resolution.Ambiguous
            ? throw new UsageException($"'{resolution.Input}' matches {(resolution.Candidates.Count >= IdPrefixResolver.MaxCandidates ? "at least " : string.Empty)}{resolution.Candidates.Count} {what} ids (an id prefix must be unique):{Environment.NewLine}  {string.Join(Environment.NewLine + "  ", resolution.Candidates)}{Environment.NewLine}Give more characters of the id.")
            : resolution.Input.Trim());
}
