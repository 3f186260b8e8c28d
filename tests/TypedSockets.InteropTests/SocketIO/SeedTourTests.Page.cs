using TypedSockets.Tests.Samples;

namespace TypedSockets.Tests.SocketIO;

public sealed partial class SeedTourTests
{
    [Fact]
    public async Task Serves_the_page_and_the_socket_io_client_bundle()
    {
        await using var server = await SampleProcess.StartAsync("SeedTour");
        using var http = new HttpClient { BaseAddress = new Uri(server.BaseUrl) };

        var page = await http.GetStringAsync("/");
        Assert.Contains("<script src=\"/socket.io/socket.io.js\"></script>", page);
        foreach (var id in new[] { "announcement", "count", "message", "send", "log", "status" })
        {
            Assert.Contains($"id=\"{id}\"", page);
        }

        using var bundle = await http.GetAsync("/socket.io/socket.io.js");
        bundle.EnsureSuccessStatusCode();
        Assert.Equal("application/javascript", bundle.Content.Headers.ContentType?.MediaType);
        Assert.Contains("Socket.IO v4.8.", await bundle.Content.ReadAsStringAsync());
    }
}
