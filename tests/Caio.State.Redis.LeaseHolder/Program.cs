// A separate process that holds a Redis lease, for the fencing fault test:
//   args: <port> <environment> <lease name> <ttl ms>
// Acquires the lease and prints "acquired <fencing token>", then waits for one line on stdin and tries a
// fenced write of "job:result"; prints "written" or "refused".
using System.Globalization;
using System.Text;
using Caio.State;
using Caio.State.Redis;

var port = int.Parse(args[0], CultureInfo.InvariantCulture);
await using var store = RedisStateStore.Connect(
    new RedisStateOptions { ConnectionString = $"redis://127.0.0.1:{port}", EnvironmentName = args[1] },
    TimeProvider.System);
var lease = await store.TryAcquireLeaseAsync(args[2], TimeSpan.FromMilliseconds(int.Parse(args[3], CultureInfo.InvariantCulture)));
if (lease is null)
{
    Console.WriteLine("busy");
    return 1;
}

Console.WriteLine($"acquired {lease.FencingToken}");
Console.Out.Flush();
_ = Console.ReadLine();
var value = Encoding.UTF8.GetBytes($$"""{"by":{{lease.FencingToken}}}""");
var result = await store.CommitFencedAsync(lease, () => new StateTransaction().Put("job:result", value));
Console.WriteLine(result is { Committed: true } ? "written" : "refused");
return 0;
