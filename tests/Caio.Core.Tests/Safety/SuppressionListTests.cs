using Caio.Audit;
using Caio.Safety;

namespace Caio.Core.Tests.Safety;

public sealed class SuppressionListTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(SuppressionKind.Domain, "Acme.COM", ReasonCodes.BlockedDomain)]
    [InlineData(SuppressionKind.Domain, "com", null)]
    [InlineData(SuppressionKind.Address, "Jane@Acme.com", ReasonCodes.BlockedEmail)]
    [InlineData(SuppressionKind.Unsubscribe, "jane@acme.com", ReasonCodes.SuppressedUnsubscribed)]
    [InlineData(SuppressionKind.HardBounce, "email:jane@acme.com", ReasonCodes.SuppressedHardBounce)]
    public async Task AddAsync_ThenChain_RefusesWithTheKindsCode_AndRemoveLiftsIt(SuppressionKind kind, string value, string? expected)
    {
        var harness = new SafetyHarness();
        var audit = new AuditLog(harness.Store);
        var sut = new SuppressionList(harness.Suppression, audit, harness.Time);
        if (expected is null)
        {
            await Assert.ThrowsAsync<ArgumentException>(async () => await sut.AddAsync(kind, value, "asked", "ops", Ct));
            return;
        }

        await sut.AddAsync(kind, value, "asked", "ops", Ct);
        var refused = await harness.Chain().EvaluateAsync(harness.Send("jane@acme.com"), Ct);
        var listed = Assert.Single(await sut.ListAsync(Ct));

        Assert.Equal(expected, refused.Decision.Refusal?.Code);
        Assert.Equal(kind, listed.Kind);
        Assert.Equal("asked", listed.Reason);
        Assert.True(await sut.RemoveAsync(kind, value, "in error", "ops", Ct));
        Assert.True((await harness.Chain().EvaluateAsync(harness.Send("jane@acme.com"), Ct)).IsAllowed);
        Assert.Empty(await sut.ListAsync(Ct));
        var actions = new List<string>();
        await foreach (var record in audit.ReadAsync(cancellationToken: Ct))
        {
            actions.Add(record.Action);
        }

        Assert.Equal([AuditActions.SuppressionAdded, AuditActions.SuppressionRemoved], actions);
    }

    [Fact]
    public async Task AddAsync_DomainSuppressed_CoversSubdomainsAndTheCompanyDomain()
    {
        var harness = new SafetyHarness();
        var sut = new SuppressionList(harness.Suppression, new AuditLog(harness.Store), harness.Time);
        await sut.AddAsync(SuppressionKind.Domain, "acme.com", "legal", "ops", Ct);

        var sub = await harness.Chain().EvaluateAsync(harness.Send("jane@eu.acme.com"), Ct);
        var company = await harness.Chain().EvaluateAsync(harness.Send("jane@gmail.com") with { CompanyDomain = "acme.com" }, Ct);

        Assert.Equal(ReasonCodes.BlockedDomain, sub.Decision.Refusal?.Code);
        Assert.Equal(ReasonCodes.BlockedDomain, company.Decision.Refusal?.Code);
    }
}
