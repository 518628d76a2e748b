using Caio.Worker;

using var cancellation = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancellation.Cancel();
};

return await CaioCli.RunAsync(args, Console.Out, Console.Error, cancellation.Token);
