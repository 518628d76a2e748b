using Caio.Leads;
using Caio.Scoring;
using Caio.Scoring.Internal;
using FsCheck;
using FsCheck.Fluent;

namespace Caio.Core.Tests.Scoring;

public sealed class MatchingInternalsTests
{
    [Fact]
    public void WordTable_ManyWords_FindsEachAndNothingElse()
    {
        var words = Enumerable.Range(0, 500).Select(i => $"w{i}x").ToList();
        var sut = new WordTable(words);

        for (var id = 0; id < words.Count; id++)
        {
            Assert.Equal(id, sut.Find(words[id], WordTable.Hash(words[id])));
        }

        Assert.Equal(-1, sut.Find("w500x", WordTable.Hash("w500x")));
        Assert.Equal(-1, sut.Find("", WordTable.Hash("")));
    }

    [Fact]
    public void Tokenize_MixedSeparators_ProducesLowerCaseWordsAndBreaks()
    {
        const string Text = "Sr. V.P. Sales & Co-Founder / CEO - Ops, Directeur Général";
        var buffer = new char[Text.Length];
        var tokens = new Token[Text.Length];

        var count = TextTokenizer.Tokenize(Text, buffer, tokens, allowWildcard: false);

        var words = tokens[..count].Select(t => new string(buffer, t.Start, t.Length)).ToArray();
        Assert.Equal(["sr", "vp", "sales", "co", "founder", "ceo", "ops", "directeur", "général"], words);
        Assert.Equal(
            [TokenBreak.None, TokenBreak.None, TokenBreak.None, TokenBreak.Soft, TokenBreak.None, TokenBreak.Hard, TokenBreak.Hard, TokenBreak.Hard, TokenBreak.None],
            tokens[..count].Select(t => t.Break).ToArray());
    }

    [Fact]
    public void Evaluate_ArbitraryText_NeverThrowsAndStaysInRange()
    {
        var sut = new IcpScorer(WithExclusions());

        Prop.ForAll(
            ArbMap.Default.ArbFor<string>(),
            ArbMap.Default.ArbFor<string>(),
            (title, industry) =>
            {
                var lead = new Lead
                {
                    Title = title,
                    Email = title,
                    Company = new Company { Industry = industry, Name = industry, Domain = title, TechStack = [title ?? "", industry ?? ""] },
                };
                var evaluation = sut.Evaluate(lead);
                var score = sut.Score(lead);
                return evaluation.Score is >= 0 and <= 100 && score.Score == evaluation.Score && score.Reasons.Count >= 7;
            })
            .QuickCheckThrowOnFailure();
    }

    [Theory]
    [InlineData("The", "The")]
    [InlineData("The Globex Company", "Globex")]
    [InlineData("Globex", "The Globex Company")]
    [InlineData("Ébène Conseil", "ébène conseil SAS")]
    [InlineData("And Partners", "And Partners LLC")]
    [InlineData("the-globex", "Globex")]
    public void Evaluate_ExcludedNameVariants_Disqualify(string companyName, string excluded)
    {
        var sut = new IcpScorer(WithExclusions(excluded));

        Assert.Equal(IcpDisqualifications.ExcludedCompanyName, sut.Evaluate(new Lead { Company = new Company { Name = companyName } }).Disqualifications);
    }

    private static IcpOptions WithExclusions(params string[] names)
    {
        var options = new IcpOptions();
        foreach (var name in names.DefaultIfEmpty("Globex"))
        {
            options.Exclusions.CompanyNames.Add(name);
        }

        options.Exclusions.Domains.Add("globex.com");
        return options;
    }
}
