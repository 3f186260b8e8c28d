using System.Net;
using System.Net.WebSockets;

namespace TypedSockets.Tests.EngineIO;

public sealed partial class EngineServerTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Open_connections_per_address_are_capped_and_a_closed_one_frees_its_place(bool fastPath)
    {
        await using var server = await EngineTestServer.StartAsync(options => options.MaxConnectionsPerAddress = 2, fastPath: fastPath);
        var first = await EngineWebSocketClient.ConnectAsync(server.WebSocketUri());
        await first.ReceiveTextAsync();
        using var second = await EngineWebSocketClient.ConnectAsync(server.WebSocketUri());
        await second.ReceiveTextAsync();

        // The third from 127.0.0.1 is refused before any session exists, whichever path it takes.
        var refused = await Assert.ThrowsAsync<WebSocketException>(() => EngineWebSocketClient.ConnectAsync(server.WebSocketUri()));
        Assert.Contains("429", refused.Message, StringComparison.Ordinal);
        using (var polling = await server.Client.GetAsync("socket.io/?EIO=4&transport=polling"))
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, polling.StatusCode);
        }

        Assert.Equal(2, server.Server.SessionCount);
        Assert.Contains(server.Logs.Lines, line => line.EventId == 2020 && line.Message.Contains("127.0.0.1", StringComparison.Ordinal));

        // A session that ends gives its place back.
        await first.Socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
        first.Dispose();
        await Poll.UntilAsync(() => server.Server.SessionCount == 1, "the first session to end");
        using var third = await EngineWebSocketClient.ConnectAsync(server.WebSocketUri());
        Assert.StartsWith("0{", await third.ReceiveTextAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task New_connections_per_address_are_rate_limited_and_refusals_are_logged_a_few_at_a_time()
    {
        await using var server = await EngineTestServer.StartAsync(options =>
        {
            options.MaxNewConnectionsPerAddress = 3;
            options.NewConnectionWindow = TimeSpan.FromMinutes(5);
        });
        for (var i = 0; i < 3; i++)
        {
            await server.OpenPollingAsync();
        }

        for (var i = 0; i < 30; i++)
        {
            using var refused = await server.Client.GetAsync("socket.io/?EIO=4&transport=polling");
            Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        }

        Assert.Equal(3, server.Server.SessionCount);

        // 30 refusals: the throttle lets 10 lines through per 10 s window (two windows at most here), not 30.
        Assert.InRange(server.Logs.Lines.Count(line => line.EventId == 2020), 10, 20);
    }

    [Fact]
    public async Task Admission_is_off_by_default_for_many_connections_from_one_address()
    {
        await using var server = await EngineTestServer.StartAsync();
        for (var i = 0; i < 50; i++)
        {
            await server.OpenPollingAsync();
        }

        Assert.Equal(50, server.Server.SessionCount);
        Assert.DoesNotContain(server.Logs.Lines, line => line.EventId == 2020);
    }
}
