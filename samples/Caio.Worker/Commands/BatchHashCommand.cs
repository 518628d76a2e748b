using System.CommandLine;
using Caio.Batches;
using Microsoft.Extensions.DependencyInjection;

namespace Caio.Worker.Commands;

/// <summary><c>batch-hash --input FILE</c>: the preview hash (lower-case hex SHA-256) of a batch scope.</summary>
internal static class BatchHashCommand
{
    public static Command Create(CliContext cli)
    {
        var input = new Option<string>("--input") { Description = "Batch scope JSON {motion, itemIds, actions}.", Required = true };
        var command = new Command("batch-hash", "Print the preview hash of a batch scope.") { input };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var path = parse.GetValue(input)!;
            if (!File.Exists(path))
            {
                throw new UsageException($"--input: file '{path}' does not exist.");
            }

            using var host = parse.BuildHost();
            var bytes = await File.ReadAllBytesAsync(path, cancellationToken);
            var scope = BatchScope.Parse(bytes);
            await cli.Out.WriteLineAsync(PreviewHash.Compute(scope));
            return CaioCli.Ok;
        });
        return command;
    }
}
