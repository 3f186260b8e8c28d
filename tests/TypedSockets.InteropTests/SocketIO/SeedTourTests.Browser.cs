using TypedSockets.Tests.Samples;

namespace TypedSockets.Tests.SocketIO;

public sealed partial class SeedTourTests
{
    [Fact]
    public async Task The_page_in_a_browser_shows_the_announcement_and_live_count_and_sends_a_message()
    {
        await using var server = await SampleProcess.StartAsync("SeedTour");
        // The screenshot is kept as a test artifact beside the test results.
        var screenshot = Path.Combine(RepositoryPaths.Root, "tests", "TypedSockets.InteropTests", "TestResults", "seedtour-page.png");
        Directory.CreateDirectory(Path.GetDirectoryName(screenshot)!);
        File.Delete(screenshot);
        var result = await NodeScenario.RunAsync("seedtour-browser.mjs", server.BaseUrl, screenshot);

        var first = result.Single("first");
        Assert.Equal("A new user has joined!", first.GetProperty("announcement").GetString());
        Assert.Equal("1", first.GetProperty("count").GetString());
        Assert.Equal("""["server received: from the browser"]""", result.Single("log").GetProperty("items").GetRawText());
        var two = result.Single("twoPages");
        Assert.Equal("2", two.GetProperty("first").GetString());
        Assert.Equal("2", two.GetProperty("second").GetString());
        var afterClose = result.Single("afterClose");
        Assert.Equal("1", afterClose.GetProperty("first").GetString());
        Assert.Equal("[]", afterClose.GetProperty("pageErrors").GetRawText());
        Assert.True(new FileInfo(screenshot).Length > 0, "no screenshot of the page");
        await server.WaitForOutputAsync("A client sent us this dumb message: from the browser");
    }
}
