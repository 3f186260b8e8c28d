using System.Net.WebSockets;
using System.Text.Json;
using TypedSockets.Tests.EngineIO;

namespace TypedSockets.Tests.ProtocolCheck;

/// <summary>What the Socket.IO v5 compliance suite checks, against ProtocolCheck's Socket.IO server, with raw packets.</summary>
[Collection(ProtocolCheckCollection.Name)]
public sealed class SocketModeTests(SocketModeServer server) : IClassFixture<SocketModeServer>
{
    [Theory]
    [InlineData("40", "40", "42[\"auth\",{}]")]
    [InlineData("40{\"token\":\"abc\",\"n\":[1,null]}", "40", "42[\"auth\",{\"token\":\"abc\",\"n\":[1,null]}]")]
    [InlineData("40/custom,", "40/custom,", "42/custom,[\"auth\",{}]")]
    [InlineData("40/custom", "40/custom,", "42/custom,[\"auth\",{}]")]
    [InlineData("40/custom,{\"token\":\"xyz\"}", "40/custom,", "42/custom,[\"auth\",{\"token\":\"xyz\"}]")]
    public async Task Connect_answers_with_a_socket_id_then_emits_the_auth_payload(string connect, string answerPrefix, string auth)
    {
        using var client = await OpenAsync();

        await client.SendTextAsync(connect);

        var answer = await ReceiveAsync(client);
        Assert.StartsWith(answerPrefix + "{", answer, StringComparison.Ordinal);
        using var json = JsonDocument.Parse(answer[answerPrefix.Length..]);
        Assert.False(string.IsNullOrEmpty(json.RootElement.GetProperty("sid").GetString()));
        Assert.Equal(auth, await ReceiveAsync(client));
    }

    [Fact]
    public async Task Connect_to_an_unknown_namespace_is_refused_and_the_connection_stays_usable()
    {
        using var client = await OpenAsync();

        await client.SendTextAsync("40/nowhere,");

        Assert.Equal("44/nowhere,{\"message\":\"Invalid namespace\"}", await ReceiveAsync(client));
        await ConnectMainAsync(client);
    }

    [Fact]
    public async Task Invalid_first_packet_closes_the_connection()
    {
        using var client = await OpenAsync();

        await client.SendTextAsync("4abc");

        Assert.NotNull(await client.ReceiveCloseAsync());
    }

    [Fact]
    public async Task Connection_that_joins_no_namespace_is_closed_after_the_connect_timeout()
    {
        using var client = await OpenAsync();
        var started = DateTime.UtcNow;

        // Pongs keep the Engine.IO session alive: only the 1 s connect timeout can end it.
        while (true)
        {
            var (type, payload) = await client.ReceiveAsync();
            if (type == WebSocketMessageType.Close)
            {
                break;
            }

            Assert.Equal("2"u8.ToArray(), payload);
            await client.SendTextAsync("3");
        }

        Assert.InRange(DateTime.UtcNow - started, TimeSpan.FromMilliseconds(800), TimeSpan.FromSeconds(4));
    }

    [Fact]
    public async Task Disconnect_from_the_main_namespace_leaves_the_engine_connection_open()
    {
        using var client = await OpenAsync();
        await ConnectMainAsync(client);

        await client.SendTextAsync("41");

        // Nothing answers the disconnect; the next packet is the heartbeat.
        Assert.Equal("2", await client.ReceiveTextAsync());
    }

    [Fact]
    public async Task Disconnect_from_a_custom_namespace_keeps_the_main_one()
    {
        using var client = await OpenAsync();
        await ConnectMainAsync(client);
        await client.SendTextAsync("40/custom,");
        Assert.StartsWith("40/custom,{", await ReceiveAsync(client), StringComparison.Ordinal);
        Assert.Equal("42/custom,[\"auth\",{}]", await ReceiveAsync(client));

        await client.SendTextAsync("41/custom,");
        await client.SendTextAsync("42[\"message\",\"still in main\"]");

        Assert.Equal("42[\"message-back\",\"still in main\"]", await ReceiveAsync(client));
    }

    [Theory]
    [InlineData("[\"message\"]", "[\"message-back\"]")]
    [InlineData("[\"message\",1,\"2\",{\"3\":[true,null,-4.5e3]},\"é\\\"\\u0001\"]", "[\"message-back\",1,\"2\",{\"3\":[true,null,-4.5e3]},\"é\\\"\\u0001\"]")]
    public async Task Message_comes_back_with_the_same_arguments(string sent, string expected)
    {
        using var client = await OpenAsync();
        await ConnectMainAsync(client);

        await client.SendTextAsync("42" + sent);

        Assert.Equal("42" + expected, await ReceiveAsync(client));
    }

    [Fact]
    public async Task Message_with_binary_attachments_comes_back_with_the_same_attachments()
    {
        using var client = await OpenAsync();
        await ConnectMainAsync(client);

        await client.SendTextAsync("452-[\"message\",{\"_placeholder\":true,\"num\":0},{\"nested\":[{\"_placeholder\":true,\"num\":1}]},\"text\"]");
        await client.SendBinaryAsync([1, 2, 3]);
        await client.SendBinaryAsync([4, 5]);

        Assert.Equal(
            "452-[\"message-back\",{\"_placeholder\":true,\"num\":0},{\"nested\":[{\"_placeholder\":true,\"num\":1}]},\"text\"]",
            await ReceiveAsync(client));
        Assert.Equal([1, 2, 3], await ReceiveBinaryAsync(client));
        Assert.Equal([4, 5], await ReceiveBinaryAsync(client));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("1")]
    [InlineData("456")]
    [InlineData("9007199254740991")]
    public async Task Message_with_ack_is_acknowledged_with_the_same_id_and_arguments(string id)
    {
        using var client = await OpenAsync();
        await ConnectMainAsync(client);

        await client.SendTextAsync("42" + id + "[\"message-with-ack\",1,\"2\",{\"3\":[false]}]");

        Assert.Equal("43" + id + "[1,\"2\",{\"3\":[false]}]", await ReceiveAsync(client));
    }

    [Fact]
    public async Task Message_with_binary_attachments_and_ack_is_acknowledged_with_a_binary_ack()
    {
        using var client = await OpenAsync();
        await ConnectMainAsync(client);

        await client.SendTextAsync("452-789[\"message-with-ack\",{\"_placeholder\":true,\"num\":0},{\"_placeholder\":true,\"num\":1}]");
        await client.SendBinaryAsync([10, 20]);
        await client.SendBinaryAsync([30]);

        Assert.Equal("462-789[{\"_placeholder\":true,\"num\":0},{\"_placeholder\":true,\"num\":1}]", await ReceiveAsync(client));
        Assert.Equal([10, 20], await ReceiveBinaryAsync(client));
        Assert.Equal([30], await ReceiveBinaryAsync(client));
    }

    [Theory]
    [InlineData("8")]
    [InlineData("4abc")]
    [InlineData("42{}")]
    [InlineData("42[1,\"not a name\"]")]
    [InlineData("42abc[\"message-with-ack\",1]")]
    [InlineData("42-1[\"message-with-ack\",1]")]
    public async Task Malformed_packet_after_connecting_closes_the_connection(string packet)
    {
        using var client = await OpenAsync();
        await ConnectMainAsync(client);

        await client.SendTextAsync(packet);

        Assert.NotNull(await client.ReceiveCloseAsync());
    }

    [Fact]
    public async Task Socket_io_over_polling_connects_and_echoes()
    {
        var sid = await server.OpenPollingSidAsync();

        await server.PushAsync(sid, "40\u001e42[\"message\",\"polled\"]");

        var received = new List<string>();
        while (received.Count < 3)
        {
            received.AddRange(await server.PollAnsweringPingsAsync(sid));
        }

        Assert.StartsWith("40{\"sid\":", received[0], StringComparison.Ordinal);
        Assert.Equal(["42[\"auth\",{}]", "42[\"message-back\",\"polled\"]"], received[1..]);
    }

    private async Task<EngineWebSocketClient> OpenAsync() => (await server.OpenWebSocketAsync()).Client;

    private static async Task ConnectMainAsync(EngineWebSocketClient client)
    {
        await client.SendTextAsync("40");
        Assert.StartsWith("40{\"sid\":", await ReceiveAsync(client), StringComparison.Ordinal);
        Assert.Equal("42[\"auth\",{}]", await ReceiveAsync(client));
    }

    // The next text frame (Engine.IO packet) other than a ping; pings are answered on the way.
    private static Task<string> ReceiveAsync(EngineWebSocketClient client) => ProtocolCheckServer.ReceiveTextAsync(client);

    private static async Task<byte[]> ReceiveBinaryAsync(EngineWebSocketClient client)
    {
        var (type, payload) = await ProtocolCheckServer.ReceiveAsync(client);
        Assert.Equal(WebSocketMessageType.Binary, type);
        return payload;
    }
}
