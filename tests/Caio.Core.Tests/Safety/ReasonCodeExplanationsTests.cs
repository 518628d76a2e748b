using System.Reflection;
using Caio.Batches;
using Caio.Review;
using Caio.Safety;

namespace Caio.Core.Tests.Safety;

public sealed class ReasonCodeExplanationsTests
{
    public static TheoryData<string> EmittedCodes()
    {
        var data = new TheoryData<string>();
        foreach (var code in KnownCodes().Select(c => c.ToString()).Distinct(StringComparer.Ordinal))
        {
            data.Add(code);
        }

        return data;
    }

    [Fact]
    public void KnownCodes_EveryConstantOfTheCodeTables_IsAKnownReasonCode()
    {
        var known = KnownCodes().Select(c => c.ToString()).ToHashSet(StringComparer.Ordinal);
        var constants = new[] { typeof(ReasonCodes), typeof(BatchRefusals), typeof(ReviewRefusals), typeof(Caio.Crafting.CraftRefusals), typeof(Caio.Providers.ProviderReasonCodes) }
            .SelectMany(t => t.GetFields(BindingFlags.Public | BindingFlags.Static))
            .Where(f => f.IsLiteral && f.FieldType == typeof(string))
            .Select(f => (string)f.GetRawConstantValue()!);

        var unknown = constants.Where(c => !known.Contains(c)).ToList();

        Assert.Empty(unknown);
    }

    [Fact]
    public void All_HoldsEveryKnownCodeAndNothingElse() =>
        Assert.Equal(KnownCodes().Select(c => c.ToString()).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal), ReasonCodeExplanations.All.Keys.Select(c => c.ToString()).Order(StringComparer.Ordinal));

    private static IEnumerable<ReasonCode> KnownCodes() =>
        typeof(ReasonCode).GetProperties(BindingFlags.Public | BindingFlags.Static)
            .Where(p => p.PropertyType == typeof(ReasonCode))
            .Select(p => (ReasonCode)p.GetValue(null)!);

    [Theory]
    [MemberData(nameof(EmittedCodes))]
    public void Explain_EveryEmittedCode_HasOnePlainSentence(string code)
    {
        var text = ReasonCodeExplanations.Explain(code);

        Assert.False(string.IsNullOrWhiteSpace(text), $"{code} has no explanation");
        Assert.EndsWith(".", text, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', text);
    }

    [Theory]
    [MemberData(nameof(EmittedCodes))]
    public void Docs_EveryEmittedCode_IsListedInTheSafetyModelAndWithItsExplanationInTheRunbook(string code)
    {
        var docs = Path.Combine(RepositoryRoot(), "docs");
        Assert.Contains($"`{code}`", File.ReadAllText(Path.Combine(docs, "safety-model.md")), StringComparison.Ordinal);
        Assert.Contains($"| `{code}` | {ReasonCodeExplanations.Explain(code)} |", File.ReadAllText(Path.Combine(docs, "operations.md")), StringComparison.Ordinal);
    }

    [Fact]
    public void Explain_UnknownCode_IsNull() => Assert.Null(ReasonCodeExplanations.Explain("my_own_guard"));

    [Fact]
    public void Explain_KnownCodeAsStringOrValue_GivesTheSameSentence() =>
        Assert.Equal(ReasonCodeExplanations.Explain(ReasonCode.CapDaily), ReasonCodeExplanations.Explain("cap_daily"));

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Caio.Sdk.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("repository root not found");
    }
}
