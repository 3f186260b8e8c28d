using System.Net;
using TypedSockets.EngineIO;
using TypedSockets.Tests.WebSockets;

namespace TypedSockets.Tests.EngineIO;

/// <summary>
/// <c>EngineOptions.SetIsOriginAllowed</c> beside the allow-list: the same decision over the HTTP endpoint (polling
/// and the Kestrel upgrade) and the fast path, and a refusal logged with its origin.
/// </summary>
public sealed class EngineOriginPredicateTests
{
    private static void SubdomainsOfExample(EngineOptions options)
    {
        options.AllowedOrigins.Add("http://listed.test");
        options.SetIsOriginAllowed(static origin => origin.EndsWith(".example.test", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task The_http_endpoint_allows_listed_and_predicate_origins_and_refuses_others_with_a_log_line()
    {
        await using var server = await EngineTestServer.StartAsync(SubdomainsOfExample);

        foreach (var origin in new[] { "http://listed.test", "https://app.example.test" })
        {
            using var allowed = await PollAsync(server, origin);
            Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
            Assert.Equal(origin, Assert.Single(allowed.Headers.GetValues("Access-Control-Allow-Origin")));
        }

        using var refused = await PollAsync(server, "https://example.test.evil");
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Contains(server.Logs.Lines, line => line.EventId == 2009 && line.Message.Contains("https://example.test.evil", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_websocket_upgrade_follows_the_predicate_on_both_hosting_paths(bool fastPath)
    {
        await using var server = await EngineTestServer.StartAsync(SubdomainsOfExample, fastPath: fastPath);

        await using (var client = await RawWebSocketClient.ConnectAsync(server.Port))
        {
            var (status, head) = await client.HandshakeAsync(Upgrade(server.Port, "https://app.example.test"));
            Assert.Equal(101, status);
            Assert.Contains("Access-Control-Allow-Origin: https://app.example.test\r\n", head, StringComparison.Ordinal);
        }

        await using (var client = await RawWebSocketClient.ConnectAsync(server.Port))
        {
            var (status, _) = await client.HandshakeAsync(Upgrade(server.Port, "https://elsewhere.test"));
            Assert.Equal(403, status);
        }

        // A refused upgrade reaches the HTTP endpoint on both paths, which logs it with the origin.
        Assert.Contains(server.Logs.Lines, line => line.EventId == 2009 && line.Message.Contains("https://elsewhere.test", StringComparison.Ordinal));
    }

    private static Task<HttpResponseMessage> PollAsync(EngineTestServer server, string origin)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "socket.io/?EIO=4&transport=polling");
        request.Headers.Add("Origin", origin);
        return server.Client.SendAsync(request);
    }

    private static string Upgrade(int port, string origin) =>
        $"GET /socket.io/?EIO=4&transport=websocket HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        + $"Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\nOrigin: {origin}\r\n\r\n";
}
