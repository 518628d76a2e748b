using System.Reflection;
using Caio.Review;
using Caio.Safety;

namespace Caio.Core.Tests.Safety;

public sealed class ReasonCodesTests
{
    private static IReadOnlyList<string> AllCodes() =>
        [.. typeof(ReasonCodes).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral && f.FieldType == typeof(string))
            .Select(f => (string)f.GetRawConstantValue()!)];

    [Theory]
    [InlineData("item_not_found")]
    [InlineData("no_channel")]
    [InlineData("operator_error")]
    [InlineData("earlier_attempt")]
    [InlineData("cancelled")]
    [InlineData("outcome_unknown")]
    [InlineData("provider_refused")]
    [InlineData("empty_content")]
    [InlineData("reconciled_sent")]
    [InlineData("reconciled_not_sent")]
    public void ReasonCodes_EveryCodeTheOperatorEmits_IsAConstant(string code) => Assert.Contains(code, AllCodes());

    [Fact]
    public void ReasonCodes_ItemStatusCodes_CoverEveryStatusButApproved()
    {
        foreach (var status in Enum.GetValues<ReviewStatus>().Where(s => s != ReviewStatus.Approved))
        {
            Assert.Contains("item_" + status.ToWireName(), AllCodes());
        }
    }

    [Fact]
    public void ReasonCodes_EveryConstant_IsDocumentedInTheSafetyModel()
    {
        var doc = File.ReadAllText(Path.Combine(RepositoryRoot(), "docs", "safety-model.md"));

        var missing = AllCodes().Where(code => !doc.Contains("| `" + code + "` |", StringComparison.Ordinal)).ToList();

        Assert.Empty(missing);
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Caio.Sdk.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("repository root not found");
    }
}
