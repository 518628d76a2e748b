using System.Text;
using Caio.Batches;
using Caio.Dedup;
using Caio.Leads;

namespace Caio.Core.Tests.Batches;

public sealed class BatchScopeTests
{
    private const string ValidJson = """
        {
          "motion": "outbound",
          "itemIds": ["item-1", "item-2"],
          "actions": [
            {"actionId": "act-1", "email": "Jane@Example.com", "channel": "email", "step": 1, "day": 1},
            {"actionId": "act-2", "email": "max@example.org", "channel": "linkedin", "step": 2, "day": 2}
          ]
        }
        """;

    [Fact]
    public void Parse_CliJson_ReturnsScope()
    {
        var sut = BatchScope.Parse(Encoding.UTF8.GetBytes(ValidJson));

        Assert.Equal(BatchMotion.Outbound, sut.Motion);
        Assert.Equal(["item-1", "item-2"], sut.ItemIds);
        Assert.Equal(2, sut.Actions.Count);
        Assert.Equal(new BatchAction("act-1", "Jane@Example.com", Channel.Email, 1, 1), sut.Actions[0]);
        Assert.Equal(new BatchAction("act-2", "max@example.org", Channel.LinkedIn, 2, 2), sut.Actions[1]);
        Assert.Null(sut.ContentDigests);
    }

    [Fact]
    public void Parse_ContentDigests_AreRead()
    {
        var json = """{"motion":"cadence","itemIds":["i1"],"actions":[],"contentDigests":{"i1":"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"}}""";

        var sut = BatchScope.Parse(json);

        Assert.NotNull(sut.ContentDigests);
        Assert.Equal("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", sut.ContentDigests["i1"]);
    }

    [Fact]
    public void Parse_UnknownProperty_IsIgnored()
    {
        var json = """{"motion":"revival","itemIds":[],"actions":[],"note":"from the command line"}""";

        var sut = BatchScope.Parse(json);

        Assert.Equal(BatchMotion.Revival, sut.Motion);
    }

    [Fact]
    public void FromJson_Stream_ReturnsSameScopeAsParse()
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(ValidJson));

        var sut = BatchScope.FromJson(stream);

        Assert.Equal(PreviewHash.Compute(BatchScope.Parse(ValidJson)), PreviewHash.Compute(sut));
    }

    [Fact]
    public async Task FromJsonAsync_Stream_ReturnsScope()
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(ValidJson));

        var sut = await BatchScope.FromJsonAsync(stream, TestContext.Current.CancellationToken);

        Assert.Equal(2, sut.Actions.Count);
    }

    [Theory]
    [InlineData("""{"itemIds":[],"actions":[]}""", "'motion'", "$.motion")]
    [InlineData("""{"motion":"outbound","actions":[]}""", "'itemIds'", "$.itemIds")]
    [InlineData("""{"motion":"outbound","itemIds":[]}""", "'actions'", "$.actions")]
    [InlineData("""{"motion":"outbound","itemIds":[],"actions":[{"email":"a@b.co","channel":"email","step":1,"day":1}]}""", "'actionId'", "$.actions[0].actionId")]
    [InlineData("""{"motion":"outbound","itemIds":[],"actions":[{"actionId":"a","channel":"email","step":1,"day":1}]}""", "'email'", "$.actions[0].email")]
    [InlineData("""{"motion":"outbound","itemIds":[],"actions":[{"actionId":"a","email":"a@b.co","step":1,"day":1}]}""", "'channel'", "$.actions[0].channel")]
    [InlineData("""{"motion":"outbound","itemIds":[],"actions":[{"actionId":"a","email":"a@b.co","channel":"email","day":1}]}""", "'step'", "$.actions[0].step")]
    [InlineData("""{"motion":"outbound","itemIds":[],"actions":[{"actionId":"a","email":"a@b.co","channel":"email","step":1}]}""", "'day'", "$.actions[0].day")]
    public void Parse_MissingField_ThrowsNamingIt(string json, string field, string path)
    {
        var ex = Assert.Throws<BatchScopeFormatException>(() => BatchScope.Parse(json));

        Assert.Contains("missing required field " + field, ex.Message, StringComparison.Ordinal);
        Assert.Equal(path, ex.Path);
    }

    [Fact]
    public void Parse_UnknownChannel_ThrowsNamingAcceptedValues()
    {
        var json = """{"motion":"outbound","itemIds":[],"actions":[{"actionId":"a","email":"a@b.co","channel":"sms","step":1,"day":1}]}""";

        var ex = Assert.Throws<BatchScopeFormatException>(() => BatchScope.Parse(json));

        Assert.Contains("unknown channel 'sms'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("'linkedin'", ex.Message, StringComparison.Ordinal);
        Assert.Equal("$.actions[0].channel", ex.Path);
    }

    [Theory]
    [InlineData("Outbound")]
    [InlineData("nurture")]
    [InlineData("")]
    public void Parse_UnknownMotion_Throws(string motion)
    {
        var json = $$"""{"motion":"{{motion}}","itemIds":[],"actions":[]}""";

        var ex = Assert.Throws<BatchScopeFormatException>(() => BatchScope.Parse(json));

        Assert.Contains("unknown motion", ex.Message, StringComparison.Ordinal);
        Assert.Equal("$.motion", ex.Path);
    }

    [Fact]
    public void Parse_InvalidEmail_ThrowsWithReasonWithoutRepeatingAddress()
    {
        var json = """{"motion":"outbound","itemIds":[],"actions":[{"actionId":"a","email":"b@c.co","channel":"email","step":1,"day":1},{"actionId":"b","email":"secret.person.example.com","channel":"email","step":1,"day":1}]}""";

        var ex = Assert.Throws<BatchScopeFormatException>(() => BatchScope.Parse(json));

        Assert.Equal(InvalidEmailReason.MissingAt, ex.EmailReason);
        Assert.Equal("$.actions[1].email", ex.Path);
        Assert.Contains("missing_at", ex.Message, StringComparison.Ordinal);
        Assert.Contains("action 'b'", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("secret.person", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"motion":"outbound","itemIds":[],"actions":[{"actionId":"a","email":"a@b.co","channel":"email","step":"1","day":1}]}""", "$.actions[0].step")]
    [InlineData("""{"motion":"outbound","itemIds":[],"actions":[{"actionId":"a","email":"a@b.co","channel":"email","step":1.5,"day":1}]}""", "$.actions[0].step")]
    [InlineData("""{"motion":"outbound","itemIds":"i1","actions":[]}""", "$.itemIds")]
    [InlineData("""{"motion":"outbound","motion":"revival","itemIds":[],"actions":[]}""", "$.motion")]
    public void Parse_WrongJsonShape_ThrowsWithPath(string json, string path)
    {
        var ex = Assert.Throws<BatchScopeFormatException>(() => BatchScope.Parse(json));

        Assert.Contains("malformed", ex.Message, StringComparison.Ordinal);
        Assert.Equal(path, ex.Path);
        Assert.IsType<System.Text.Json.JsonException>(ex.InnerException);
    }

    [Theory]
    [InlineData("")]
    [InlineData("{")]
    [InlineData("[]")]
    public void Parse_NotAnObject_Throws(string json)
    {
        Assert.Throws<BatchScopeFormatException>(() => BatchScope.Parse(json));
    }

    [Fact]
    public void Parse_NullLiteral_Throws()
    {
        var ex = Assert.Throws<BatchScopeFormatException>(() => BatchScope.Parse("null"));

        Assert.Equal("$", ex.Path);
    }

    [Fact]
    public void Parse_NullItemId_Throws()
    {
        var ex = Assert.Throws<BatchScopeFormatException>(() => BatchScope.Parse("""{"motion":"outbound","itemIds":["a",null],"actions":[]}"""));

        Assert.Equal("$.itemIds[1]", ex.Path);
    }

    [Fact]
    public void Validate_DuplicateItemId_Throws()
    {
        var sut = new BatchScope(BatchMotion.Outbound, ["i1", "i2", "i1"], []);

        var ex = Assert.Throws<BatchScopeFormatException>(sut.Validate);

        Assert.Contains("duplicate item id 'i1'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_DuplicateActionId_Throws()
    {
        var sut = new BatchScope(BatchMotion.Outbound, [], [
            new BatchAction("a1", "x@example.com", Channel.Email, 1, 1),
            new BatchAction("a1", "y@example.com", Channel.Email, 1, 1),
        ]);

        var ex = Assert.Throws<BatchScopeFormatException>(sut.Validate);

        Assert.Contains("duplicate action id 'a1'", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0, 1, "$.actions[0].step")]
    [InlineData(1, 0, "$.actions[0].day")]
    [InlineData(-1, 1, "$.actions[0].step")]
    public void Validate_StepOrDayBelowOne_Throws(int step, int day, string path)
    {
        var sut = new BatchScope(BatchMotion.Outbound, [], [new BatchAction("a1", "x@example.com", Channel.Email, step, day)]);

        var ex = Assert.Throws<BatchScopeFormatException>(sut.Validate);

        Assert.Equal(path, ex.Path);
    }

    [Fact]
    public void Validate_UndefinedChannel_Throws()
    {
        var sut = new BatchScope(BatchMotion.Outbound, [], [new BatchAction("a1", "x@example.com", (Channel)7, 1, 1)]);

        var ex = Assert.Throws<BatchScopeFormatException>(sut.Validate);

        Assert.Equal("$.actions[0].channel", ex.Path);
    }

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    public void Validate_BlankIds_Throw(string id)
    {
        Assert.Throws<BatchScopeFormatException>(new BatchScope(BatchMotion.Outbound, [id], []).Validate);
        Assert.Throws<BatchScopeFormatException>(new BatchScope(BatchMotion.Outbound, [], [new BatchAction(id, "x@example.com", Channel.Email, 1, 1)]).Validate);
    }

    [Fact]
    public void Validate_UnpairedSurrogateInId_Throws()
    {
        var sut = new BatchScope(BatchMotion.Outbound, ["a" + (char)0xDC00], []);

        var ex = Assert.Throws<BatchScopeFormatException>(sut.Validate);

        Assert.Contains("unpaired surrogate", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_DigestForUnknownItem_Throws()
    {
        var sut = new BatchScope(BatchMotion.Outbound, ["i1"], [], new Dictionary<string, string> { ["i2"] = new string('a', 64) });

        var ex = Assert.Throws<BatchScopeFormatException>(sut.Validate);

        Assert.Contains("not in itemIds", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("zz3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")]
    [InlineData("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b8551")]
    public void Validate_MalformedDigest_Throws(string digest)
    {
        var sut = new BatchScope(BatchMotion.Outbound, ["i1"], [], new Dictionary<string, string> { ["i1"] = digest });

        var ex = Assert.Throws<BatchScopeFormatException>(sut.Validate);

        Assert.Contains("64 hexadecimal digits", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_ValidScope_DoesNotThrow()
    {
        var sut = BatchScope.Parse(ValidJson);

        var ex = Record.Exception(sut.Validate);

        Assert.Null(ex);
    }

    [Fact]
    public void BatchMotions_IsValid_AcceptsExactNamesOnly()
    {
        Assert.All(BatchMotions.All, motion => Assert.True(BatchMotions.IsValid(motion.ToWireName())));
        Assert.False(BatchMotions.IsValid("OUTBOUND"));
        Assert.False(BatchMotions.IsValid(null));
    }
}
