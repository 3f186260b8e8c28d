using System.Net;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using TypedSockets.Tests.WebSockets;

namespace TypedSockets.Tests.EngineIO;

public sealed partial class EngineServerTests
{
    [Fact]
    public async Task WebSocket_handshake_sends_the_open_packet_first()
    {
        await using var server = await EngineTestServer.StartAsync(options =>
        {
            options.PingInterval = TimeSpan.FromMilliseconds(300);
            options.PingTimeout = TimeSpan.FromMilliseconds(200);
        });
        using var client = await EngineWebSocketClient.ConnectAsync(server.WebSocketUri());

        var open = await client.ReceiveTextAsync();

        Assert.StartsWith("0{", open, StringComparison.Ordinal);
        using var json = JsonDocument.Parse(open.AsMemory(1));
        var root = json.RootElement;
        Assert.Equal(["sid", "upgrades", "pingInterval", "pingTimeout", "maxPayload"], root.EnumerateObject().Select(p => p.Name));
        Assert.Equal(JsonValueKind.Array, root.GetProperty("upgrades").ValueKind);
        Assert.Equal(0, root.GetProperty("upgrades").GetArrayLength());
        Assert.Equal(300, root.GetProperty("pingInterval").GetInt32());
        Assert.Equal(200, root.GetProperty("pingTimeout").GetInt32());
        Assert.Equal(1_000_000, root.GetProperty("maxPayload").GetInt32());
        var sid = root.GetProperty("sid").GetString()!;
        Assert.Matches("^[A-Za-z0-9_-]{20}$", sid);
        Assert.Equal(1, server.Server.SessionCount);

        using var polling = await server.GetAsync(sid);
        await AssertErrorAsync(polling, HttpStatusCode.BadRequest, 3, "Bad request");
    }

    [Fact]
    public async Task WebSocket_echoes_text_and_bare_binary_frames()
    {
        await using var server = await EngineTestServer.StartAsync();
        using var client = await EngineWebSocketClient.ConnectAsync(server.WebSocketUri());
        await client.ReceiveTextAsync();

        await client.SendTextAsync("4hello €");
        await client.SendBinaryAsync([1, 2, 3, 4]);

        Assert.Equal("4hello €", await client.ReceiveTextAsync());
        var (type, payload) = await client.ReceiveAsync();
        Assert.Equal(WebSocketMessageType.Binary, type);
        Assert.Equal([1, 2, 3, 4], payload);
    }

    [Fact]
    public async Task WebSocket_message_split_over_writes_is_handled_whole_and_before_the_next()
    {
        // The receive loop awaits a message that is still arriving in a frame of its own; it is handed to the session
        // once, whole, and the message sent after it is handled after it.
        await using var server = await EngineTestServer.StartAsync();
        await using var client = await RawWebSocketClient.OpenAsync(server.Port, "/socket.io/?EIO=4&transport=websocket");
        var (_, _, open) = await client.ReadFrameAsync();
        Assert.StartsWith("0{", Encoding.UTF8.GetString(open), StringComparison.Ordinal);

        var split = MaskedTextFrame("4split over writes");
        await client.SendAsync(split[..9]);
        var reply = client.ReadFrameAsync();
        await Quiet.AssertNothingArrivesWithin(reply, "an answer to half a message");
        await client.SendAsync([.. split[9..], .. MaskedTextFrame("4next")]);

        Assert.Equal("4split over writes", Encoding.UTF8.GetString((await reply).Payload));
        Assert.Equal("4next", Encoding.UTF8.GetString((await client.ReadFrameAsync()).Payload));
    }

    /// <summary>A client's text frame (masked, with an all-zero key, which leaves the payload as it is).</summary>
    private static byte[] MaskedTextFrame(string text)
    {
        var payload = Encoding.UTF8.GetBytes(text);
        return [0x81, (byte)(0x80 | payload.Length), 0, 0, 0, 0, .. payload];
    }

    [Fact]
    public async Task WebSocket_heartbeat_pings_and_closes_on_ping_timeout()
    {
        await using var server = await EngineTestServer.StartAsync(options =>
        {
            options.PingInterval = TimeSpan.FromMilliseconds(150);
            options.PingTimeout = TimeSpan.FromMilliseconds(1000);
        });
        using var client = await EngineWebSocketClient.ConnectAsync(server.WebSocketUri());
        var sid = JsonDocument.Parse((await client.ReceiveTextAsync())[1..]).RootElement.GetProperty("sid").GetString()!;

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal("2", await client.ReceiveTextAsync());
            await client.SendTextAsync("3");
        }

        Assert.Equal("2", await client.ReceiveTextAsync());
        Assert.Equal(WebSocketCloseStatus.NormalClosure, await client.ReceiveCloseAsync());
        Assert.Equal("ping timeout", await server.Handler.Get(sid).WaitClosedAsync());
        Assert.Equal(0, server.Server.SessionCount);
    }

    [Fact]
    public async Task WebSocket_close_packet_closes_the_session()
    {
        await using var server = await EngineTestServer.StartAsync();
        using var client = await EngineWebSocketClient.ConnectAsync(server.WebSocketUri());
        var sid = JsonDocument.Parse((await client.ReceiveTextAsync())[1..]).RootElement.GetProperty("sid").GetString()!;

        await client.SendTextAsync("1");

        Assert.NotNull(await client.ReceiveCloseAsync());
        Assert.Equal("transport close", await server.Handler.Get(sid).WaitClosedAsync());
        Assert.Equal(["open", "close:transport close"], server.Handler.Get(sid).Events);
    }

    [Fact]
    public async Task WebSocket_client_going_away_closes_the_session()
    {
        await using var server = await EngineTestServer.StartAsync();
        using var client = await EngineWebSocketClient.ConnectAsync(server.WebSocketUri());
        var sid = JsonDocument.Parse((await client.ReceiveTextAsync())[1..]).RootElement.GetProperty("sid").GetString()!;

        await client.Socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);

        Assert.Equal("transport close", await server.Handler.Get(sid).WaitClosedAsync());
        Assert.Equal(0, server.Server.SessionCount);
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("9")]
    [InlineData("2")]
    [InlineData("")]
    public async Task WebSocket_invalid_packet_closes_only_that_session(string packet)
    {
        await using var server = await EngineTestServer.StartAsync();
        using var bad = await EngineWebSocketClient.ConnectAsync(server.WebSocketUri());
        using var good = await EngineWebSocketClient.ConnectAsync(server.WebSocketUri());
        var sid = JsonDocument.Parse((await bad.ReceiveTextAsync())[1..]).RootElement.GetProperty("sid").GetString()!;
        await good.ReceiveTextAsync();

        await bad.SendTextAsync(packet);

        Assert.Equal(WebSocketCloseStatus.ProtocolError, await bad.ReceiveCloseAsync());
        Assert.Equal("parse error", await server.Handler.Get(sid).WaitClosedAsync());

        // The same violation is logged the same way whichever transport carried it.
        Assert.Contains(server.Logs.Lines, line => line.EventId == 2004);
        await good.SendTextAsync("4still fine");
        Assert.Equal("4still fine", await good.ReceiveTextAsync());
    }

    [Fact]
    public async Task WebSocket_message_larger_than_max_payload_closes_with_1009()
    {
        await using var server = await EngineTestServer.StartAsync(options => options.MaxPayload = 1000);
        using var client = await EngineWebSocketClient.ConnectAsync(server.WebSocketUri());
        var sid = JsonDocument.Parse((await client.ReceiveTextAsync())[1..]).RootElement.GetProperty("sid").GetString()!;

        await client.SendTextAsync("4" + new string('x', 1000));

        Assert.Equal(WebSocketCloseStatus.MessageTooBig, await client.ReceiveCloseAsync());
        Assert.Equal("transport error", await server.Handler.Get(sid).WaitClosedAsync());
    }

    [Fact]
    public async Task WebSocket_server_close_flushes_queued_messages_first()
    {
        await using var server = await EngineTestServer.StartAsync();
        server.Handler.OnMessage = (session, payload, isBinary) =>
        {
            RecordingEngineHandler.Send(session, "one"u8, isBinary: false);
            RecordingEngineHandler.Send(session, "two"u8, isBinary: true);
            session.Close("done");
            return ValueTask.CompletedTask;
        };
        using var client = await EngineWebSocketClient.ConnectAsync(server.WebSocketUri());
        await client.ReceiveTextAsync();

        await client.SendTextAsync("4bye");

        Assert.Equal("4one", await client.ReceiveTextAsync());
        Assert.Equal("two"u8.ToArray(), (await client.ReceiveAsync()).Payload);
        Assert.Equal(WebSocketCloseStatus.NormalClosure, await client.ReceiveCloseAsync());
    }

    [Fact]
    public async Task WebSocket_outbound_bound_closes_only_the_slow_session()
    {
        var shared = RecordingEngineHandler.CreateMessage(new byte[999], isBinary: true);
        await using var server = await EngineTestServer.StartAsync(options => options.MaxOutboundBytes = 10_000);
        server.Handler.OnMessage = (session, payload, isBinary) =>
        {
            if (payload.Span.SequenceEqual("flood"u8))
            {
                for (var i = 0; i < 5000 && session.Send(shared); i++)
                {
                }
            }
            else
            {
                RecordingEngineHandler.Send(session, payload.Span, isBinary);
            }

            return ValueTask.CompletedTask;
        };
        using var slow = await EngineWebSocketClient.ConnectAsync(server.WebSocketUri());
        using var other = await EngineWebSocketClient.ConnectAsync(server.WebSocketUri());
        var sid = JsonDocument.Parse((await slow.ReceiveTextAsync())[1..]).RootElement.GetProperty("sid").GetString()!;
        await other.ReceiveTextAsync();

        await slow.SendTextAsync("4flood");

        Assert.Equal("outbound queue full", await server.Handler.Get(sid).WaitClosedAsync());
        await other.SendTextAsync("4fine");
        Assert.Equal("4fine", await other.ReceiveTextAsync());
        await WaitUntilAsync(() => shared.ReferenceCount == 1);
        shared.Release();
    }

    [Fact]
    public async Task WebSocket_transport_request_without_upgrade_is_a_bad_request()
    {
        await using var server = await EngineTestServer.StartAsync();

        using var response = await server.Client.GetAsync("socket.io/?EIO=4&transport=websocket");

        await AssertErrorAsync(response, HttpStatusCode.BadRequest, 3, "Bad request");
    }

    [Fact]
    public async Task WebSocket_with_unknown_sid_is_refused()
    {
        await using var server = await EngineTestServer.StartAsync();

        var failure = await Assert.ThrowsAsync<WebSocketException>(() => EngineWebSocketClient.ConnectAsync(server.WebSocketUri("nope")));

        Assert.Contains("400", failure.Message, StringComparison.Ordinal);
    }
}
