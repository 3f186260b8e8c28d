using TypedSockets.Tests.Samples;

namespace TypedSockets.Tests.SocketIO;

public sealed partial class SeedTourTests
{
    /// <summary>
    /// The page in headless Chromium plays the whole tour from its controls, beside a socket.io-client user in Node
    /// (tests/node/seedtour-browser.mjs; one browser for all of it).
    /// </summary>
    [Fact]
    public async Task The_page_in_a_browser_plays_the_whole_tour()
    {
        await using var server = await SampleProcess.StartAsync("SeedTour");
        // The screenshot is kept as a test artifact beside the test results.
        var screenshot = Path.Combine(RepositoryPaths.Root, "tests", "TypedSockets.InteropTests", "TestResults", "seedtour-page.png");
        Directory.CreateDirectory(Path.GetDirectoryName(screenshot)!);
        File.Delete(screenshot);
        var result = await NodeScenario.RunAsync("seedtour-browser.mjs", server.BaseUrl, screenshot);

        var connected = result.Single("connected");
        Assert.Equal("connected", connected.GetProperty("status").GetString());
        Assert.Equal("websocket", connected.GetProperty("transport").GetString());
        Assert.Equal("A new user has joined!", connected.GetProperty("announcement").GetString());
        Assert.Equal("2", connected.GetProperty("count").GetString());
        Assert.Equal("""["server received: from the browser"]""", result.Single("log").GetProperty("items").GetRawText());

        var rooms = result.Single("rooms");
        Assert.Equal("""["lobby"]""", rooms.GetProperty("joined").GetRawText());
        Assert.StartsWith("refused: Not A Room!", rooms.GetProperty("refused").GetString());
        var toRoom = result.Single("toRoom");
        Assert.Equal("""["lobby: hello lobby"]""", toRoom.GetProperty("page").GetRawText());
        Assert.Equal("""[{"room":"lobby","text":"hello lobby"},{"room":"lobby","text":"after the page left"}]""", toRoom.GetProperty("peer").GetRawText());
        Assert.Equal("[]", toRoom.GetProperty("joinedAfterLeave").GetRawText());

        Assert.Equal("42", result.Single("add").GetProperty("sum").GetString());
        Assert.Equal("15 bytes back, identical: bytes, not text", result.Single("binary").GetProperty("result").GetString());

        var stackAbuse = result.Single("stackabuse");
        Assert.Equal("""["stats: some data","stats: some data"]""", stackAbuse.GetProperty("page").GetRawText());
        Assert.Equal("""{"data":"some data"}""", stackAbuse.GetProperty("peer").GetRawText());
        // Sockets of /stackabuse are not counted in /'s stats.
        Assert.Equal("2", stackAbuse.GetProperty("count").GetString());

        var two = result.Single("twoPages");
        Assert.Equal("3", two.GetProperty("first").GetString());
        Assert.Equal("3", two.GetProperty("second").GetString());
        var afterClose = result.Single("afterClose");
        Assert.Equal("1", afterClose.GetProperty("first").GetString());
        Assert.Equal("[]", afterClose.GetProperty("pageErrors").GetRawText());
        Assert.True(new FileInfo(screenshot).Length > 0, "no screenshot of the page");
        await server.WaitForOutputAsync("A client sent us this dumb message: from the browser");
        // appsettings.json keeps ASP.NET Core's per-request lines (Information) out of the log.
        Assert.DoesNotContain("Request starting", server.Output);
    }
}
