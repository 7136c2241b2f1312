using System.Net;
using Microsoft.Playwright;
using WasmActors.Actors.Dashboard;
using WasmActors.Actors.Orchestration;
using WasmActors.TestKit;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace WasmActors.Actors.Tests;

/// <summary>
/// The dashboard in a real browser (Debian's Chromium driven by Playwright): the page shows the cluster, and a
/// snapshot, a fork and a stop made from it reach the cluster through the orchestrator API and show up live.
/// </summary>
public sealed class DashboardTests(ITestOutputHelper output) : WasmActorsTestKit(output)
{
    private static readonly float PageTimeout = 60_000;

    [ChromiumFact]
    public async Task SnapshotForkAndStopFromThePageShowTheForkAndItsFaultsRising()
    {
        using var dashboard = DashboardServer.Start(Orchestrator, "127.0.0.1", NodeProcesses.FreePort());
        var programOutput = new ProgramOutput(Sys);
        var deployed = await Orchestrator.DeployAsync(TestKitFiles.Sample("counter"), "dashboard-counter", ["1000000", "10", "20000"], null, programOutput.Ref, "run-1");
        await programOutput.WaitForAsync(t => t.Contains("step 10 ", StringComparison.Ordinal), Timeout);

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = ChromiumFactAttribute.Executable,
            Headless = true,
            // A closed network: Chromium's own background connections would only be refused.
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
        var page = await browser.NewPageAsync(new() { ViewportSize = new() { Width = 1400, Height = 900 } });
        page.SetDefaultTimeout(PageTimeout);
        await page.GotoAsync(dashboard.AddressWithToken.ToString());

        // The deployed instance, on its node, with the members around it.
        var instanceRow = page.Locator($"tr[data-instance='{deployed.InstanceId}']");
        await Expect(instanceRow).ToContainTextAsync("run-1", new() { Timeout = PageTimeout });
        await Expect(page.Locator("tr[data-node='memory-1']")).ToContainTextAsync("memory", new() { Timeout = PageTimeout });

        await instanceRow.Locator("button[data-action='snapshot']").ClickAsync();
        var snapshotRow = page.Locator("#snapshots tbody tr").Filter(new() { HasText = deployed.InstanceId });
        await Expect(snapshotRow).ToHaveCountAsync(1, new() { Timeout = PageTimeout });
        var snapshotId = await snapshotRow.GetAttributeAsync("data-snapshot") ?? throw new InvalidOperationException("snapshot row without id");

        var faultsBefore = long.Parse(await page.Locator("#faults-total").InnerTextAsync());
        await snapshotRow.Locator("button[data-action='fork']").ClickAsync();
        var forkRow = page.Locator("#instances tbody tr").Filter(new() { HasText = snapshotId });
        await Expect(forkRow).ToHaveCountAsync(1, new() { Timeout = PageTimeout });
        await page.WaitForFunctionAsync($"() => Number(document.getElementById('faults-total').textContent) > {faultsBefore}", null, new() { Timeout = PageTimeout });
        await Expect(page.Locator("#message")).ToContainTextAsync("fork: started i-", new() { Timeout = PageTimeout });

        await SaveScreenshotAsync(page);
        await forkRow.Locator("button[data-action='stop']").ClickAsync();
        await Expect(forkRow.Locator("td.state")).ToContainTextAsync("Stopped", new() { Timeout = PageTimeout });
        await Orchestrator.StopAsync(deployed.InstanceId);
    }

    [Fact]
    public async Task ActionsWithoutTheTokenAreRefusedAndBadRequestsSayWhy()
    {
        using var dashboard = DashboardServer.Start(Orchestrator, "127.0.0.1", NodeProcesses.FreePort());
        using var http = new HttpClient { BaseAddress = dashboard.Address };

        var anonymous = await http.PostAsync("api/stop", new StringContent("""{"instance":"i-x"}"""));
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);

        var wrong = new HttpRequestMessage(HttpMethod.Post, "api/stop") { Content = new StringContent("""{"instance":"i-x"}""") };
        wrong.Headers.Authorization = new("Bearer", new string('0', dashboard.Token.Length));
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.SendAsync(wrong)).StatusCode);

        var bad = Authorized(dashboard, "api/fork", """{"snapshot":"s-x","count":5000}""");
        var badReply = await http.SendAsync(bad);
        Assert.Equal(HttpStatusCode.BadRequest, badReply.StatusCode);
        Assert.Contains("count must be 1 to 100", await badReply.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var unknown = await http.SendAsync(Authorized(dashboard, "api/stop", """{"instance":"i-nonexistent"}"""));
        Assert.Equal(HttpStatusCode.Conflict, unknown.StatusCode);
        Assert.Contains("no run node holds instance", await unknown.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var view = await http.GetStringAsync("api/view");
        Assert.Contains("\"members\":[", view, StringComparison.Ordinal);
        Assert.Contains("run-1", view, StringComparison.Ordinal);
    }

    private static HttpRequestMessage Authorized(DashboardServer dashboard, string path, string body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(body) };
        request.Headers.Authorization = new("Bearer", dashboard.Token);
        return request;
    }

    /// <summary>WASMACTORS_DASHBOARD_SCREENSHOT=path keeps a picture of the page (how docs/dashboard.png is made).</summary>
    private static async Task SaveScreenshotAsync(IPage page)
    {
        if (Environment.GetEnvironmentVariable("WASMACTORS_DASHBOARD_SCREENSHOT") is { Length: > 0 } path)
        {
            await Task.Delay(TimeSpan.FromSeconds(15)); // a picture with some history in its charts
            await page.ScreenshotAsync(new() { Path = path, FullPage = true });
        }
    }
}
