using Caio.Batches;
using Caio.Leads;
using FsCheck;
using FsCheck.Fluent;

namespace Caio.Core.Tests.Batches;

public sealed class PreviewHashPropertyTests
{
    private static readonly Config Quick = Config.QuickThrowOnFailure.WithMaxTest(200);

    private static readonly string[] Emails =
    [
        "jane@example.com", "John.Doe+promo@googlemail.com", "max@b\u00fccher.example", "o'brien@example.co.uk",
        "ren\u00e9@example.fr", "a.b.c@gmail.com", "sales+eu@example.org", "x@y.io",
    ];

    private static readonly BatchMotion[] Motions = [BatchMotions.Outbound, BatchMotions.Cadence, BatchMotions.Revival];

    private static Gen<string> Id =>
        Gen.ArrayOf(Gen.Elements("abcXYZ019-_\u00e9\"\\ ".ToCharArray())).Select(chars => new string(chars)).Where(id => !string.IsNullOrWhiteSpace(id));

    private static Gen<(string Email, Channel Channel, int Step, int Day)> ActionFields =>
        from email in Gen.Elements(Emails)
        from channel in Gen.Elements(Channel.Email, Channel.LinkedIn)
        from step in Gen.Choose(1, 9)
        from day in Gen.Choose(1, 21)
        select (email, channel, step, day);

    private static Gen<BatchScope> Scopes =>
        from motion in Gen.Elements(Motions)
        from itemIds in Gen.ListOf(Id).Select(ids => ids.Distinct(StringComparer.Ordinal).ToArray())
        from actionIds in Gen.ListOf(Id).Select(ids => ids.Distinct(StringComparer.Ordinal).ToArray())
        from fields in Gen.ArrayOf(ActionFields, actionIds.Length)
        from withDigests in Gen.Elements(true, false)
        select new BatchScope(
            motion,
            itemIds,
            actionIds.Select((id, i) => new BatchAction(id, fields[i].Email, fields[i].Channel, fields[i].Step, fields[i].Day)).ToArray(),
            withDigests ? itemIds.ToDictionary(id => id, id => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(id)))) : null);

    [Fact]
    public void Compute_ShuffledListsAndUpperCasedEmails_GiveSameHash()
    {
        var cases =
            from scope in Scopes
            from items in Gen.Shuffle(scope.ItemIds.ToArray())
            from actions in Gen.Shuffle(scope.Actions.ToArray())
            select (scope, variant: scope with
            {
                ItemIds = items,
                Actions = actions.Select(a => a with { Email = " " + a.Email.ToUpperInvariant() + "\t" }).ToArray(),
                ContentDigests = scope.ContentDigests?.Reverse().ToDictionary(p => p.Key, p => p.Value.ToUpperInvariant()),
            });

        var property = Prop.ForAll(cases.ToArbitrary(), c =>
            string.Equals(PreviewHash.Compute(c.scope), PreviewHash.Compute(c.variant), StringComparison.Ordinal));

        Check.One(Quick, property);
    }

    [Fact]
    public void Compute_OneFieldChanged_ChangesHash()
    {
        var cases =
            from scope in Scopes
            from kind in Gen.Choose(0, 7)
            from pick in Gen.Choose(0, 1_000)
            select (scope, changed: Mutate(scope, kind, pick));

        var property = Prop.ForAll(cases.ToArbitrary(), c =>
            c.changed is null
            || !string.Equals(PreviewHash.Compute(c.scope), PreviewHash.Compute(c.changed), StringComparison.Ordinal));

        Check.One(Quick, property);
    }

    [Fact]
    public void GetCanonicalJson_AnyScope_IsValidJsonThatRoundTripsIds()
    {
        var property = Prop.ForAll(Scopes.ToArbitrary(), scope =>
        {
            using var document = System.Text.Json.JsonDocument.Parse(PreviewHash.GetCanonicalJson(scope));
            var root = document.RootElement;
            var ids = root.GetProperty("itemIds").EnumerateArray().Select(e => e.GetString()!).ToArray();
            var actionIds = root.GetProperty("actions").EnumerateArray().Select(e => e.GetProperty("actionId").GetString()!).ToArray();
            return ids.SequenceEqual(scope.ItemIds.Order(StringComparer.Ordinal))
                && actionIds.SequenceEqual(scope.Actions.Select(a => a.ActionId).Order(StringComparer.Ordinal));
        });

        Check.One(Quick, property);
    }

    /// <summary>Changes exactly one thing in the scope, or returns null when the scope has nothing of that kind.</summary>
    private static BatchScope? Mutate(BatchScope scope, int kind, int pick)
    {
        var actions = scope.Actions.ToArray();
        var a = actions.Length == 0 ? -1 : pick % actions.Length;
        switch (kind)
        {
            case 0:
                return scope with { Motion = Motions[(Array.IndexOf(Motions, scope.Motion) + 1) % Motions.Length] };
            case 1 when scope.ItemIds.Count > 0:
                var items = scope.ItemIds.ToArray();
                var i = pick % items.Length;
                var renamed = items[i] + "#";
                var digests = scope.ContentDigests?.ToDictionary(p => p.Key == items[i] ? renamed : p.Key, p => p.Value);
                items[i] = renamed;
                return scope with { ItemIds = items, ContentDigests = digests };
            case 2 when a >= 0:
                actions[a] = actions[a] with { ActionId = actions[a].ActionId + "#" };
                return scope with { Actions = actions };
            case 3 when a >= 0:
                actions[a] = actions[a] with { Email = "z" + actions[a].Email.TrimStart() };
                return scope with { Actions = actions };
            case 4 when a >= 0:
                actions[a] = actions[a] with { Channel = actions[a].Channel == Channel.Email ? Channel.LinkedIn : Channel.Email };
                return scope with { Actions = actions };
            case 5 when a >= 0:
                actions[a] = actions[a] with { Step = actions[a].Step + 1 };
                return scope with { Actions = actions };
            case 6 when a >= 0:
                actions[a] = actions[a] with { Day = actions[a].Day + 1 };
                return scope with { Actions = actions };
            case 7 when scope.ContentDigests is { Count: > 0 } d:
                var key = d.Keys.Order(StringComparer.Ordinal).ElementAt(pick % d.Count);
                var changed = d.ToDictionary(p => p.Key, p => p.Value);
                changed[key] = (changed[key][0] == '0' ? "1" : "0") + changed[key][1..];
                return scope with { ContentDigests = changed };
            default:
                return null;
        }
    }
}
