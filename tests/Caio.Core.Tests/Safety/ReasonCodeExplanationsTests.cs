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
        foreach (var code in new[] { typeof(ReasonCodes), typeof(BatchRefusals), typeof(ReviewRefusals) }
            .SelectMany(t => t.GetFields(BindingFlags.Public | BindingFlags.Static))
            .Where(f => f.IsLiteral && f.FieldType == typeof(string))
            .Select(f => (string)f.GetRawConstantValue()!)
            .Distinct(StringComparer.Ordinal))
        {
            data.Add(code);
        }

        return data;
    }

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
