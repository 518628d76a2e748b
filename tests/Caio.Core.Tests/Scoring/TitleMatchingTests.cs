using Caio.Leads;
using Caio.Scoring;

namespace Caio.Core.Tests.Scoring;

public sealed class TitleMatchingTests
{
    private static readonly IcpScorer Sut = new(new IcpOptions());

    [Theory]
    [InlineData("CEO")]
    [InlineData("ceo")]
    [InlineData("C.E.O.")]
    [InlineData("Chief Executive Officer")]
    [InlineData("Chief Executive")]
    [InlineData("Chief Operating Officer")]
    [InlineData("COO")]
    [InlineData("President")]
    [InlineData("Founder")]
    [InlineData("Co-Founder")]
    [InlineData("co-founder")]
    [InlineData("Cofounder")]
    [InlineData("Co Founder")]
    [InlineData("Owner")]
    [InlineData("Business Owner")]
    [InlineData("Managing Partner")]
    [InlineData("Founder & CEO")]
    [InlineData("VP Sales / Co-Founder")]
    [InlineData("Co-Founder & CTO")]
    [InlineData("CTO, Co-founder")]
    [InlineData("Managing Director & CEO")]
    [InlineData("President & COO")]
    [InlineData("CEO - Founder")]
    [InlineData("Chief Product Officer | Co-founder")]
    [InlineData("Chief Executive & Financial Officer")]
    [InlineData("Product Owner & Founder")]
    [InlineData("Owner/Operator")]
    public void Evaluate_CLevelTitle_MatchesCLevel(string title) =>
        Assert.Equal(TitleClass.CLevel, ClassOf(title));

    [Theory]
    [InlineData("CTO")]
    [InlineData("Chief Technology Officer")]
    [InlineData("Chief Technical Officer")]
    [InlineData("CFO")]
    [InlineData("CMO")]
    [InlineData("CRO")]
    [InlineData("CIO")]
    [InlineData("CSO")]
    [InlineData("Chief Revenue Officer")]
    [InlineData("Chief People Officer")]
    [InlineData("Chief Customer Success Officer")]
    [InlineData("Chief Sales & Marketing Officer")]
    [InlineData("Chief Sales and Marketing Officer")]
    [InlineData("Chief of Staff")]
    [InlineData("Chief of Staff to the CEO")]
    [InlineData("VP")]
    [InlineData("VP of Sales")]
    [InlineData("Vp Marketing")]
    [InlineData("V.P. Engineering")]
    [InlineData("Vice President")]
    [InlineData("Vice-President, Sales")]
    [InlineData("Senior Vice President")]
    [InlineData("SVP Marketing")]
    [InlineData("EVP, Operations")]
    [InlineData("Executive Vice President")]
    [InlineData("Managing Director")]
    [InlineData("Head of Innovation")]
    [InlineData("Head of Transformation")]
    [InlineData("Head of Digital")]
    [InlineData("Head of Digital Transformation")]
    public void Evaluate_VpStrategicTitle_MatchesVpStrategic(string title) =>
        Assert.Equal(TitleClass.VpStrategic, ClassOf(title));

    [Theory]
    [InlineData("Director")]
    [InlineData("Director of Engineering")]
    [InlineData("DIRECTOR OF OPERATIONS")]
    [InlineData("Senior Director")]
    [InlineData("Sr. Director, Sales")]
    [InlineData("Head of AI")]
    [InlineData("Head of Data")]
    [InlineData("Head of Sales")]
    [InlineData("Global Head of Partnerships")]
    [InlineData("Director, Product Owner")]
    [InlineData("Director, Office of the CEO")]
    public void Evaluate_DirectorTitle_MatchesDirector(string title) =>
        Assert.Equal(TitleClass.Director, ClassOf(title));

    [Theory]
    [InlineData("Manager")]
    [InlineData("Senior Manager")]
    [InlineData("Account Manager")]
    [InlineData("Team Lead")]
    [InlineData("Lead Engineer")]
    [InlineData("Principal")]
    [InlineData("Principal Consultant")]
    [InlineData("Assistant Manager")]
    [InlineData("Assistant Director")]
    [InlineData("Assistant Vice President")]
    [InlineData("AVP, Treasury")]
    [InlineData("Lead Generation Manager")]
    public void Evaluate_ManagerTitle_MatchesManager(string title) =>
        Assert.Equal(TitleClass.Manager, ClassOf(title));

    [Theory]
    [InlineData("Coordinator")]
    [InlineData("Sales Coordinator")]
    [InlineData("Product Owner")]
    [InlineData("Account Owner")]
    [InlineData("Process Owner")]
    [InlineData("Technical Product Owner")]
    [InlineData("Lead Generation Specialist")]
    [InlineData("Directeur Général")]
    [InlineData("Directorate Analyst")]
    [InlineData("Presidential Fellow")]
    [InlineData("Chief Architect")]
    [InlineData("Partner")]
    [InlineData("Head Chef")]
    [InlineData("CEO's Assistant")]
    [InlineData("Executive Assistant to the CEO")]
    [InlineData("Assistant to the Founder")]
    [InlineData("EA to the CEO")]
    [InlineData("Advisor to the CEO")]
    [InlineData("Office of the CEO")]
    [InlineData("Intern")]
    [InlineData("Marketing Intern, Office of the Founder")]
    [InlineData("Founder's Associate")]
    [InlineData("Software Engineer")]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("&/,-")]
    public void Evaluate_TitleWithoutSeniority_MatchesNone(string title)
    {
        var evaluation = Sut.Evaluate(new Lead { Title = title });

        Assert.Equal(TitleClass.None, evaluation.TitleClass);
        Assert.Equal(0, evaluation.Title);
    }

    [Theory]
    [InlineData("CEO", 25)]
    [InlineData("CTO", 22)]
    [InlineData("Director", 15)]
    [InlineData("Manager", 8)]
    [InlineData("Analyst", 0)]
    public void Evaluate_TitleClass_AwardsClassPoints(string title, int expected) =>
        Assert.Equal(expected, Sut.Evaluate(new Lead { Title = title }).Title);

    [Fact]
    public void Score_SeveralRoles_ReasonNamesTheWinningClassAndItsPhrases()
    {
        var score = Sut.Score(new Lead { Title = "Founder & CEO" });

        var reason = Assert.Single(score.Reasons, r => r.Category == ScoreCategories.Title);
        Assert.Equal(25, reason.Points);
        Assert.Equal("title 'Founder & CEO' matched c_level (founder, ceo)", reason.Detail);
    }

    [Fact]
    public void Score_CoFounderWithHyphen_ReasonShowsConfiguredPhrase()
    {
        var reason = Sut.Score(new Lead { Title = "Co-Founder" }).Reasons.Single(r => r.Category == ScoreCategories.Title);

        Assert.Equal("title 'Co-Founder' matched c_level (co-founder)", reason.Detail);
    }

    [Fact]
    public void Score_SupportRole_ReasonSaysSo()
    {
        var reason = Sut.Score(new Lead { Title = "CEO's Assistant" }).Reasons.Single(r => r.Category == ScoreCategories.Title);

        Assert.Equal(0, reason.Points);
        Assert.Equal("title 'CEO's Assistant' names a support role (assistant); no seniority points", reason.Detail);
    }

    [Fact]
    public void Score_GenericChiefOfficer_ReasonShowsPattern()
    {
        var reason = Sut.Score(new Lead { Title = "Chief Revenue Officer" }).Reasons.Single(r => r.Category == ScoreCategories.Title);

        Assert.Equal("title 'Chief Revenue Officer' matched vp_strategic (chief revenue officer)", reason.Detail);
        Assert.Equal(
            "title 'Chief People Officer' matched vp_strategic (chief * officer)",
            Sut.Score(new Lead { Title = "Chief People Officer" }).Reasons.Single(r => r.Category == ScoreCategories.Title).Detail);
    }

    [Fact]
    public void Evaluate_ConfiguredPhrase_IsMatchedOnWords()
    {
        var options = new IcpOptions();
        options.Titles.CLevel.Phrases.Add("Chairman");
        var sut = new IcpScorer(options);

        Assert.Equal(TitleClass.CLevel, sut.Evaluate(new Lead { Title = "Chairman of the Board" }).TitleClass);
        Assert.Equal(TitleClass.None, sut.Evaluate(new Lead { Title = "Chairmanship Office" }).TitleClass);
    }

    [Fact]
    public void Evaluate_VeryLongTitle_ReadsOnlyTheStartWithoutFailing()
    {
        var title = string.Concat(Enumerable.Repeat("analyst ", 200)) + "CEO";

        var evaluation = Sut.Evaluate(new Lead { Title = title });

        Assert.Equal(TitleClass.None, evaluation.TitleClass);
    }

    private static TitleClass ClassOf(string title) => Sut.Evaluate(new Lead { Title = title }).TitleClass;
}
