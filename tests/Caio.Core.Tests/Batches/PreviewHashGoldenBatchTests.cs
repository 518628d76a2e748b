using System.Globalization;
using Caio.Batches;
using Caio.Leads;

namespace Caio.Core.Tests.Batches;

/// <summary>
/// Pins the exact preview hash of several fixed batches — varied motions, channels, steps and days, unicode and
/// escaped ids, padded mixed-case and foldable emails, long shared-prefix ids with ties, digests, sandbox — and the
/// exact refusal of several invalid ones. Operators approve a batch by its preview hash and stored batches are
/// verified against it, so any change to the encoder must leave every one of these unchanged.
/// </summary>
public sealed class PreviewHashGoldenBatchTests
{
    public static TheoryData<string, string> Pinned => new()
    {
        { "unicode-and-escapes", "f0263643192e210247606af34bcedf5a6aa1026ee4a640ffb093eeef2da2f63e" },
        { "shared-prefix-ties", "9cc8a08f4c3d09e413539a778d97701836a719a3ff6721aa8d1180b82360eae0" },
        { "seeded-3000", "ab5361b5c62e03312665d4ee8054bd507244f93d57c6e478fa26541ee8d3c5e6" },
        { "sandbox-cadence", "b904901e80ae0b4ac5b91ad11a0a3af41725104ed095cb130768f124fac48d04" },
        { "items-only", "93848d3ecc35757424c4c26a790d666f478ff69de2d46e56676e2746054274c0" },
        { "empty", "04db83c06fdf231fb43b4284c1e004102ec4efee983a5750c49509930120c556" },
    };

    public static TheoryData<string, string, string?> PinnedRefusals => new()
    {
        { "bad-motion", "$.motion: unknown motion '7'. Expected 'outbound', 'cadence' or 'revival'.", "$.motion" },
        { "duplicate-item", "$.itemIds: duplicate item id 'A'.", "$.itemIds" },
        { "whitespace-item", "$.itemIds[7]: the item id is empty.", "$.itemIds[7]" },
        { "surrogate-action", "$.actions[2]: the action id contains an unpaired surrogate.", "$.actions[2].actionId" },
        { "invalid-email", "$.actions[4].email (action 'act-\u4e2d\u6587'): invalid email address (missing_at): The address has no '@'.", "$.actions[4].email" },
        { "email-before-duplicate-action", "$.actions[7].email (action 'late'): invalid email address (multiple_at): The address has more than one '@'.", "$.actions[7].email" },
        { "duplicate-action", "$.actions: duplicate action id 'ACT-upper'.", "$.actions" },
        { "bad-channel", "$.actions[1].channel (action 'act-\"q\"'): unknown channel 7.", "$.actions[1].channel" },
        { "bad-step", "$.actions[5].step (action 'act-\\'): must be 1 or more, was 0.", "$.actions[5].step" },
        { "bad-day", "$.actions[0].day (action 'act-\ud83d\ude00'): must be 1 or more, was -3.", "$.actions[0].day" },
        { "digest-unknown-item", "$.contentDigests['nope']: digest for an item that is not in itemIds.", "$.contentDigests['nope']" },
        { "digest-not-hex", "$.contentDigests['A']: a content digest must be 64 hexadecimal digits (SHA-256).", "$.contentDigests['A']" },
        { "null-action", "$.actions[6] must not be null.", "$.actions[6]" },
        { "null-email", "$.actions[3]: missing required field 'email'.", "$.actions[3].email" },
    };

    [Theory]
    [MemberData(nameof(Pinned))]
    public void Compute_FixedBatch_MatchesPinnedHash(string name, string pinned)
    {
        var scope = Scope(name);

        Assert.Equal(pinned, PreviewHash.Compute(scope));
        Assert.True(PreviewHash.Verify(scope, pinned));
        Assert.Equal(
            pinned,
            Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(PreviewHash.GetCanonicalJson(scope)))));
    }

    [Theory]
    [MemberData(nameof(PinnedRefusals))]
    public void Compute_InvalidBatch_RefusesWithPinnedMessage(string name, string message, string? path)
    {
        var scope = Invalid(name);

        var refusal = Assert.Throws<BatchScopeFormatException>(() => PreviewHash.Compute(scope));

        Assert.Equal(message, refusal.Message);
        Assert.Equal(path, refusal.Path);
        Assert.Equal(message, Assert.Throws<BatchScopeFormatException>(() => PreviewHash.GetCanonicalJson(scope)).Message);
    }

    internal static BatchScope Scope(string name) => name switch
    {
        "unicode-and-escapes" => new BatchScope(
            BatchMotions.Revival,
            ["z\u00e9\u4e2d\U0001F600", "q\"b\\s/\u0001\u001f\u007f", "item\u2028line", "\uffffend", "A", "a", "\u00c9cole"],
            [
                new BatchAction("act-\U0001F600", "  J\u00f6rg.M\u00fcller@B\u00fccher.Example ", Channel.LinkedIn, 12, 400),
                new BatchAction("act-\"q\"", "John.Doe+Promo@GoogleMail.com", Channel.Email, 1, 1),
                new BatchAction("act-\t\n", "\tO'Brien@Example.COM\t", Channel.Email, 3, 5),
                new BatchAction("ACT-upper", "first.last@gmail.com", Channel.LinkedIn, 99, 21),
                new BatchAction("act-\u4e2d\u6587", "user+tag@Sub.Example.ORG", Channel.Email, 2, 2),
                new BatchAction("act-\\", "x@xn--bcher-kva.example", Channel.Email, 7, 30),
            ],
            new Dictionary<string, string>
            {
                ["A"] = "E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855",
                ["z\u00e9\u4e2d\U0001F600"] = "0123456789abcdef0123456789ABCDEF0123456789abcdef0123456789ABCDEF",
            }),
        "shared-prefix-ties" => SharedPrefixTies(),
        "seeded-3000" => Seeded(3_000),
        "sandbox-cadence" => Seeded(40) with { Motion = BatchMotions.Cadence, Sandbox = true },
        "items-only" => new BatchScope(BatchMotions.Outbound, ["rq-2", "rq-10", "rq-1"], []),
        "empty" => new BatchScope(BatchMotions.Cadence, [], []),
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };

    private static BatchScope Invalid(string name)
    {
        var good = Scope("unicode-and-escapes");
        var actions = good.Actions.ToArray();
        BatchScope WithAction(int index, BatchAction action)
        {
            var copy = actions.ToArray();
            copy[index] = action;
            return good with { Actions = copy };
        }

        return name switch
        {
            "bad-motion" => good with { Motion = (BatchMotion)7 },
            "duplicate-item" => good with { ItemIds = [.. good.ItemIds, "A"] },
            "whitespace-item" => good with { ItemIds = [.. good.ItemIds, " \t"] },
            "surrogate-action" => WithAction(2, actions[2] with { ActionId = "act-\ud800x" }),
            "invalid-email" => WithAction(4, actions[4] with { Email = "no-at-sign.example.com" }),
            "email-before-duplicate-action" => good with { Actions = [.. actions, actions[0], actions[1] with { ActionId = "late", Email = "a@@b" }] },
            "duplicate-action" => good with { Actions = [.. actions, actions[3] with { Email = "other@example.com" }] },
            "bad-channel" => WithAction(1, actions[1] with { Channel = (Channel)7 }),
            "bad-step" => WithAction(5, actions[5] with { Step = 0 }),
            "bad-day" => WithAction(0, actions[0] with { Day = -3 }),
            "digest-unknown-item" => good with { ContentDigests = new Dictionary<string, string> { ["nope"] = new string('a', 64) } },
            "digest-not-hex" => good with { ContentDigests = new Dictionary<string, string> { ["A"] = new string('g', 64) } },
            "null-action" => good with { Actions = [.. actions, null!] },
            "null-email" => WithAction(3, actions[3] with { Email = null! }),
            _ => throw new ArgumentOutOfRangeException(nameof(name)),
        };
    }

    private static BatchScope SharedPrefixTies()
    {
        const string Prefix = "outbound-2026-11-30-northwind-enterprise-q4-expansion-cadence-v3-";
        var random = new Random(11);
        var ids = new List<string> { Prefix, Prefix + "0", Prefix + "0000", Prefix + "0000\u0000", Prefix + "\uffff", Prefix + "\U0001F600" };
        for (var i = 0; i < 400; i++)
        {
            // 100 ids share the eight characters after the common prefix: long runs of equal sort keys.
            ids.Add(string.Create(CultureInfo.InvariantCulture, $"{Prefix}{i % 4:D4}-{random.Next(1_000_000):D6}-{i}"));
        }

        var shuffled = ids.OrderBy(_ => random.Next()).ToArray();
        var actions = shuffled.Select((id, i) => new BatchAction(
            "act_" + id,
            i % 2 == 0 ? string.Create(CultureInfo.InvariantCulture, $"  User.{i % 9}@Example.COM ") : string.Create(CultureInfo.InvariantCulture, $"u{i}@x{i % 5}.example"),
            i % 3 == 0 ? Channel.LinkedIn : Channel.Email,
            1 + (i % 13),
            1 + (i % 400))).ToArray();
        return new BatchScope(BatchMotions.Cadence, shuffled, actions);
    }

    private static BatchScope Seeded(int count)
    {
        const string Prefix = "outbound-2026-11-30-northwind-enterprise-q4-expansion-cadence-v3-";
        var random = new Random(2026);
        var items = new string[count];
        var actions = new BatchAction[count];
        var digests = new Dictionary<string, string>();
        for (var i = 0; i < count; i++)
        {
            items[i] = string.Create(CultureInfo.InvariantCulture, $"rq_{Prefix}{random.Next():x8}_{i:D6}");
            var address = string.Create(CultureInfo.InvariantCulture, $"First.LAST{i}+News@Company{i % 97}.Example");
            var email = (i % 4) switch
            {
                0 => "  " + address + " ",
                1 => address.ToUpperInvariant(),
                2 => string.Create(CultureInfo.InvariantCulture, $"f.l.{i}@GMail.com"),
                _ => string.Create(CultureInfo.InvariantCulture, $"\u00fcser{i}@b\u00fccher{i % 3}.example"),
            };
            actions[i] = new BatchAction(
                string.Create(CultureInfo.InvariantCulture, $"act_{Prefix}{random.Next():x8}_{i:D6}"),
                email,
                random.Next(2) == 0 ? Channel.LinkedIn : Channel.Email,
                1 + random.Next(12),
                1 + random.Next(365));
            if (i % 5 == 0)
            {
                var digest = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(BitConverter.GetBytes(i)));
                digests[items[i]] = i % 2 == 0 ? digest : digest.ToLowerInvariant();
            }
        }

        return new BatchScope(BatchMotions.Outbound, items.Reverse().ToArray(), actions, digests);
    }
}
