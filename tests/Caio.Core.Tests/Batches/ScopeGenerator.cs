using Caio.Batches;
using Caio.Leads;

namespace Caio.Core.Tests.Batches;

/// <summary>Deterministic batch scopes of a given size for allocation checks.</summary>
internal static class ScopeGenerator
{
    public static BatchScope Create(int actions)
    {
        var itemIds = new string[actions];
        var list = new BatchAction[actions];
        for (var i = 0; i < actions; i++)
        {
            // Descending ids so that sorting has work to do.
            var n = actions - i;
            itemIds[i] = $"item-{n:D6}";
            list[i] = new BatchAction($"act-{n:D6}", $"First.Last{n}@Example{n % 97}.com", n % 3 == 0 ? Channel.LinkedIn : Channel.Email, 1 + (n % 8), 1 + (n % 21));
        }

        return new BatchScope(BatchMotions.Outbound, itemIds, list);
    }
}
