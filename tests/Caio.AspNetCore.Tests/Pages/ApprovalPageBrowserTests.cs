using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Caio.AspNetCore.Tests.Pages;

/// <summary>
/// The approval page in Debian's Chromium (never a downloaded browser): sign in, approve with an edit,
/// reject with a tag, create and approve a batch, engage and release the emergency stop, counts update;
/// a page on an origin outside the allow-list cannot read the API. Screenshots go to artifacts/playwright.
/// </summary>
public sealed class ApprovalPageBrowserTests
{
    private const string Chromium = "/usr/bin/chromium";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ApprovalPage_ReviewerWorksThroughDraftsBatchesAndTheEmergencyStop()
    {
        await using var host = await WebHost.StartAsync(WebHost.ProfileA);
        var first = await host.EnqueueAsync("ana@acme.example", "Pipeline idea");
        var second = await host.EnqueueAsync("bo@beta.example", "Another idea");
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = Chromium, Headless = true });
        var page = await browser.NewPageAsync();

        await page.GotoAsync(new Uri(host.BaseUrl, "/sales").ToString());
        Assert.Contains("/login", page.Url, StringComparison.Ordinal);
        await page.FillAsync("#reviewer", "Maria Head");
        await page.FillAsync("#token", "tok-A");
        await page.PressAsync("#token", "Enter");
        await page.WaitForSelectorAsync($"article[data-id='{first.Id}']");
        Assert.DoesNotContain("tok-A", await page.ContentAsync(), StringComparison.Ordinal);
        await Expect(page, "#counts", "Pending 2");
        await Screenshot(page, "01-drafts");

        var draft = page.Locator($"article[data-id='{first.Id}']");
        await draft.Locator(".editBody").FillAsync("Hi Ana, a sharper note written by a human.");
        await draft.Locator(".approve").FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await Expect(page, "#message", "Approved with your edit");

        // The page re-renders the list after a decision; wait for it, or a reason typed into the old list is lost.
        await Expect(page, "#counts", "Pending 1 ");
        var rejected = page.Locator($"article[data-id='{second.Id}']");
        await rejected.Locator(".rejectReason").FillAsync("wrong persona");
        await rejected.Locator(".rejectTag").SelectOptionAsync("icp_mismatch");
        await rejected.Locator(".reject").ClickAsync();
        await Expect(page, "#message", "Rejected (icp_mismatch)");
        await Expect(page, "#counts", "Pending 0 · approved 1 · rejected 1");
        await Screenshot(page, "02-decided");

        await page.ClickAsync("#showTab-batches");
        await page.ClickAsync("#createBatch");
        await page.WaitForSelectorAsync(".batch .approveBatch");
        Assert.Contains("a sharper note written by a human", await page.TextContentAsync("#batchList"), StringComparison.Ordinal);
        await Screenshot(page, "03-batch");
        await page.ClickAsync(".batch .approveBatch");
        await Expect(page, "#message", "Batch approved");
        await Expect(page, "#batchList", "approved");

        await page.ClickAsync("#showTab-overview");
        await page.FillAsync("#stopReason", "browser drill");
        await page.ClickAsync("#stopOn");
        await Expect(page, "#stopState", "ON");
        await Expect(page, "#operatorStatus", "The emergency stop is on");
        await Screenshot(page, "04-stop");
        await page.ClickAsync("#stopOff");
        await Expect(page, "#stopState", "off");

        var stored = (await host.Queue.GetAsync(first.Id, Ct))!;
        Assert.Equal("Maria Head", stored.DecidedBy);
        Assert.Equal("Hi Ana, a sharper note written by a human.", stored.ApprovedBody);
        Assert.Equal("icp_mismatch", (await host.Queue.GetAsync(second.Id, Ct))!.RejectionTag);
    }

    [Fact]
    public async Task PageOnAnotherOrigin_CannotReadTheApi()
    {
        await using var host = await WebHost.StartAsync(WebHost.ProfileA);
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        await using var other = builder.Build();
        other.MapGet("/", () => Results.Content("<!doctype html><title>elsewhere</title><p>elsewhere</p>", "text/html"));
        await other.StartAsync(Ct);
        var otherUrl = other.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = Chromium, Headless = true });
        var page = await browser.NewPageAsync();
        await page.GotoAsync(otherUrl);
        var api = new Uri(host.BaseUrl, "/api/pending-emails").ToString();
        var outcome = await page.EvaluateAsync<string>(
            "async url => { try { const r = await fetch(url, { headers: { 'X-Dashboard-Token': 'tok-A' }, credentials: 'include' }); return 'read:' + (await r.text()).length; } catch (e) { return 'blocked'; } }",
            api);
        Assert.Equal("blocked", outcome);
        var simple = await page.EvaluateAsync<string>(
            "async url => { try { const r = await fetch(url, { credentials: 'include' }); return 'read:' + r.status; } catch (e) { return 'blocked'; } }",
            api);
        Assert.Equal("blocked", simple);
        await Screenshot(page, "05-other-origin");
    }

    private static async Task Expect(IPage page, string selector, string text)
    {
        await page.WaitForFunctionAsync("([s, t]) => (document.querySelector(s)?.textContent || '').includes(t)", new object[] { selector, text }, new PageWaitForFunctionOptions { Timeout = 15_000 });
    }

    private static async Task Screenshot(IPage page, string name)
    {
        var directory = Path.Combine(RepositoryRoot(), "artifacts", "playwright");
        Directory.CreateDirectory(directory);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(directory, name + ".png"), FullPage = true });
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Caio.Sdk.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? AppContext.BaseDirectory;
    }
}
