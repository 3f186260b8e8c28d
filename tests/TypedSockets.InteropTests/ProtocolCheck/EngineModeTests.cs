using System.Net;
using System.Net.WebSockets;
using TypedSockets.Tests.EngineIO;

namespace TypedSockets.Tests.ProtocolCheck;

/// <summary>What the Engine.IO v4 compliance suite checks, against ProtocolCheck's Engine.IO echo.</summary>
[Collection(ProtocolCheckCollection.Name)]
public sealed class EngineModeTests(EngineModeServer server) : IClassFixture<EngineModeServer>
{
    [Fact]
    public async Task Polling_handshake_announces_the_websocket_upgrade_and_the_configured_limits()
    {
        var open = await server.OpenPollingAsync();

        Assert.False(string.IsNullOrEmpty(open.GetProperty("sid").GetString()));
        Assert.Equal(["websocket"], open.GetProperty("upgrades").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(300, open.GetProperty("pingInterval").GetInt32());
        Assert.Equal(200, open.GetProperty("pingTimeout").GetInt32());
        Assert.Equal(1_000_000, open.GetProperty("maxPayload").GetInt32());
    }

    [Fact]
    public async Task WebSocket_handshake_offers_no_upgrade_and_the_configured_limits()
    {
        var (client, open) = await server.OpenWebSocketAsync();
        using var _ = client;

        Assert.False(string.IsNullOrEmpty(open.GetProperty("sid").GetString()));
        Assert.Empty(open.GetProperty("upgrades").EnumerateArray());
        Assert.Equal(300, open.GetProperty("pingInterval").GetInt32());
        Assert.Equal(200, open.GetProperty("pingTimeout").GetInt32());
        Assert.Equal(1_000_000, open.GetProperty("maxPayload").GetInt32());
    }

    [Theory]
    [InlineData("transport=polling")]
    [InlineData("EIO=abc&transport=polling")]
    [InlineData("EIO=3&transport=polling")]
    [InlineData("EIO=4")]
    [InlineData("EIO=4&transport=carrier-pigeon")]
    public async Task Polling_handshake_with_a_bad_query_is_a_400(string query)
    {
        using var response = await server.Http.GetAsync(server.Url(query));

        await ProtocolCheckServer.AssertBadRequestAsync(response);
    }

    [Theory]
    [InlineData("PUT")]
    [InlineData("POST")]
    public async Task Polling_handshake_with_a_method_other_than_GET_is_a_400(string method)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), server.Url("EIO=4&transport=polling"));
        using var response = await server.Http.SendAsync(request);

        await ProtocolCheckServer.AssertBadRequestAsync(response);
    }

    [Theory]
    [InlineData("transport=websocket")]
    [InlineData("EIO=abc&transport=websocket")]
    [InlineData("EIO=4")]
    [InlineData("EIO=4&transport=carrier-pigeon")]
    public async Task WebSocket_handshake_with_a_bad_query_is_refused_with_a_400(string query)
    {
        Assert.Equal(HttpStatusCode.BadRequest, await server.RefusedWebSocketStatusAsync(query));
    }

    [Fact]
    public async Task Polling_echoes_a_batch_of_text_and_base64_binary_packets_in_one_response()
    {
        var sid = await server.OpenPollingSidAsync();

        await server.PushAsync(sid, "4first\u001e4second é\u001ebAAH+/w==");

        Assert.Equal(["4first", "4second é", "bAAH+/w=="], await server.PollAnsweringPingsAsync(sid));
    }

    [Fact]
    public async Task Polling_invalid_packet_ends_the_session()
    {
        var sid = await server.OpenPollingSidAsync();

        using var post = await server.PostAsync(sid, "not a packet");
        Assert.Equal(HttpStatusCode.BadRequest, post.StatusCode);

        using var poll = await server.GetAsync(sid);
        await ProtocolCheckServer.AssertBadRequestAsync(poll);
    }

    [Fact]
    public async Task Polling_second_concurrent_poll_is_refused_and_ends_the_session()
    {
        var sid = await server.OpenPollingSidAsync();
        var first = server.GetAsync(sid);
        // A separate process gives no signal that it holds the poll; this pause lets it. Too short a pause can only
        // fail the test (the second poll would be the one held), never let a wrong server pass.
        await Task.Delay(20);

        using var second = await server.Http.GetAsync(server.PollingUrl(sid) + "&t=again");
        await ProtocolCheckServer.AssertBadRequestAsync(second);

        // The waiting poll learns the session is over.
        using var firstResponse = await first.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal("1", await firstResponse.Content.ReadAsStringAsync());
        using var after = await server.GetAsync(sid);
        await ProtocolCheckServer.AssertBadRequestAsync(after);
    }

    [Fact]
    public async Task Polling_request_abandoned_by_the_client_ends_the_session()
    {
        var sid = await server.OpenPollingSidAsync();
        using (var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(30)))
        {
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => server.GetAsync(sid, cancel.Token));
        }

        await server.WaitForSessionClosedAsync(sid, "transport error");
        using var poll = await server.GetAsync(sid);
        await ProtocolCheckServer.AssertBadRequestAsync(poll);
    }

    [Fact]
    public async Task WebSocket_echoes_text_as_text_and_binary_as_binary()
    {
        var (client, _) = await server.OpenWebSocketAsync();
        using var _client = client;

        await client.SendTextAsync("4grüße");
        Assert.Equal("4grüße", await ProtocolCheckServer.ReceiveTextAsync(client));
        await client.SendBinaryAsync([0, 1, 254, 255]);
        var (type, payload) = await ProtocolCheckServer.ReceiveAsync(client);
        Assert.Equal(WebSocketMessageType.Binary, type);
        Assert.Equal([0, 1, 254, 255], payload);
    }

    [Fact]
    public async Task WebSocket_invalid_packet_closes_the_connection()
    {
        var (client, _) = await server.OpenWebSocketAsync();
        using var _client = client;

        await client.SendTextAsync("nonsense");

        Assert.NotNull(await client.ReceiveCloseAsync());
    }

    [Fact]
    public async Task Polling_heartbeat_pings_every_interval_while_pongs_come_back()
    {
        var sid = await server.OpenPollingSidAsync();

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal("2", await server.PollAsync(sid));
            await server.PushAsync(sid, "3");
        }
    }

    [Fact]
    public async Task Polling_session_without_pongs_expires_after_interval_plus_timeout()
    {
        var sid = await server.OpenPollingSidAsync();

        await server.WaitForSessionClosedAsync(sid, "ping timeout");

        using var poll = await server.GetAsync(sid);
        await ProtocolCheckServer.AssertBadRequestAsync(poll);
    }

    [Fact]
    public async Task WebSocket_heartbeat_pings_while_pongs_come_back_and_closes_without_them()
    {
        var (client, _) = await server.OpenWebSocketAsync();
        using var _client = client;

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal("2", await client.ReceiveTextAsync());
            await client.SendTextAsync("3");
        }

        Assert.Equal("2", await client.ReceiveTextAsync());
        Assert.NotNull(await client.ReceiveCloseAsync());
    }

    [Fact]
    public async Task Polling_close_packet_from_the_client_ends_the_session()
    {
        var sid = await server.OpenPollingSidAsync();
        var pending = server.GetAsync(sid);
        // A separate process gives no signal that it holds the poll; this pause lets it. Too short a pause can only
        // fail the test (the close would come first and the poll be refused), never let a wrong server pass.
        await Task.Delay(20);

        await server.PushAsync(sid, "1");

        // The poll that was waiting ends with a noop; the sid is gone afterwards.
        using var ended = await pending.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal("6", await ended.Content.ReadAsStringAsync());
        using var poll = await server.GetAsync(sid);
        await ProtocolCheckServer.AssertBadRequestAsync(poll);
    }

    [Fact]
    public async Task WebSocket_close_packet_from_the_client_closes_the_connection()
    {
        var (client, _) = await server.OpenWebSocketAsync();
        using var _client = client;

        await client.SendTextAsync("1");

        Assert.NotNull(await client.ReceiveCloseAsync());
    }

    [Fact]
    public async Task Upgrade_moves_the_session_to_the_websocket_and_refuses_its_sid_elsewhere()
    {
        var sid = await server.OpenPollingSidAsync();
        using var client = await EngineWebSocketClient.ConnectAsync(server.WebSocketUri("EIO=4&transport=websocket&sid=" + sid));
        await client.SendTextAsync("2probe");
        Assert.Equal("3probe", await client.ReceiveTextAsync());
        Assert.Equal("6", await server.PollAsync(sid));
        await client.SendTextAsync("5");

        await client.SendTextAsync("4over the websocket");
        Assert.Equal("4over the websocket", await ProtocolCheckServer.ReceiveTextAsync(client));

        // Polling with the upgraded sid is refused; the WebSocket session is unaffected.
        using var poll = await server.GetAsync(sid);
        await ProtocolCheckServer.AssertBadRequestAsync(poll);
        using var post = await server.PostAsync(sid, "4late");
        await ProtocolCheckServer.AssertBadRequestAsync(post);

        // A second WebSocket with the same sid is closed without taking over.
        using var intruder = await EngineWebSocketClient.ConnectAsync(server.WebSocketUri("EIO=4&transport=websocket&sid=" + sid));
        Assert.NotNull(await intruder.ReceiveCloseAsync());

        await client.SendTextAsync("4still here");
        Assert.Equal("4still here", await ProtocolCheckServer.ReceiveTextAsync(client));
    }
}
