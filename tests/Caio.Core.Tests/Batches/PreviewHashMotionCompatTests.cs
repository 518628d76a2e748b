using Caio.Batches;
using Caio.Leads;

namespace Caio.Core.Tests.Batches;

/// <summary>
/// Pins the preview hash of one fixed batch per motion (and the sandbox mark) as computed when the motion was a
/// string. Stored batches carry these hashes; if the motion's spelling in the canonical form changed, every
/// approved batch would stop verifying.
/// </summary>
public sealed class PreviewHashMotionCompatTests
{
    public static TheoryData<string, bool, string> Pinned => new()
    {
        { "outbound", false, "6f83b0530cb7e63ad4496a4a7440a7ba58764e46b2d3de08f1e7038e60735c52" },
        { "cadence", false, "2a825d95efe31df3f29fe20122617332bfd915fa50b9b35e90daf73ba0c10536" },
        { "revival", false, "107820fde3b4fa040abe1bda82156c6359a8490cd07525a01250d7686d139289" },
        { "outbound", true, "e9be02f9a8ec645a421bc7436ec02d149de5cac5ee062e85845d38b4a76c99ad" },
        { "cadence", true, "94aaf9bebc8d23d1a889fccf34751ebdbdb69e2a9ba8b94e5e7986f01e6020ca" },
        { "revival", true, "3fd2596ce976ee2db95e3ab1f531a87c84dd0962e360d42a36dcb9841d33cde2" },
    };

    private static BatchScope Fixed(string motion, bool sandbox) => new(
        motion switch
        {
            "outbound" => BatchMotions.Outbound,
            "cadence" => BatchMotions.Cadence,
            _ => BatchMotions.Revival,
        },
        ["item-b", "item-a"],
        [
            new BatchAction("act-2", "Ann@Example.com", Channel.LinkedIn, 2, 3),
            new BatchAction("act-1", "bob@example.com", Channel.Email, 1, 1),
        ],
        new Dictionary<string, string> { ["item-a"] = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08" })
    { Sandbox = sandbox };

    [Theory]
    [MemberData(nameof(Pinned))]
    public void Compute_FixedBatchPerMotion_MatchesHashPinnedBeforeTheMotionBecameAnEnum(string motion, bool sandbox, string expected)
    {
        var scope = Fixed(motion, sandbox);

        Assert.Equal(expected, PreviewHash.Compute(scope));
        Assert.Contains($"\"motion\":\"{motion}\"", PreviewHash.GetCanonicalJson(scope), StringComparison.Ordinal);
        Assert.True(PreviewHash.Verify(scope, expected));
    }
}
