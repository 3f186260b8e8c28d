using System.Net;
using System.Net.WebSockets;
using System.Text.Json;
using TypedSockets.Tests.WebSockets;

namespace TypedSockets.Tests.EngineIO;

/// <summary>
/// <c>UseTypedSocketsFastPath</c>: Engine.IO WebSocket handshakes answered below Kestrel's HTTP server, and
/// everything else on the same port still served by it exactly as without the fast path.
/// </summary>
public sealed class EngineFastPathTests
{
    private const string Key = "dGhlIHNhbXBsZSBub25jZQ==";

    private static string Handshake(int port, string query = "EIO=4&transport=websocket", string extraHeaders = "", string version = "13", string key = Key) =>
        $"GET /socket.io/?{query} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        + $"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: {version}\r\n{extraHeaders}\r\n";

    [Fact]
    public async Task A_websocket_handshake_is_answered_below_the_http_pipeline_and_the_session_runs()
    {
        await using var server = await EngineTestServer.StartAsync(fastPath: true);
        using var client = await EngineWebSocketClient.ConnectAsync(server.WebSocketUri());

        var open = await client.ReceiveTextAsync();
        Assert.StartsWith("0{", open, StringComparison.Ordinal);
        using var json = JsonDocument.Parse(open.AsMemory(1));
        var sid = json.RootElement.GetProperty("sid").GetString()!;
        await client.SendTextAsync("4hello €");
        await client.SendBinaryAsync([1, 2, 3]);

        Assert.Equal("4hello €", await client.ReceiveTextAsync());
        Assert.Equal([1, 2, 3], (await client.ReceiveAsync()).Payload);
        Assert.Equal(0, server.HttpUpgradeRequests);
        Assert.Equal(1, server.Server.SessionCount);
        Assert.Equal(["open", "text:hello €", "binary:010203"], server.Handler.Get(sid).Events);
    }

    [Fact]
    public async Task The_handshake_keeps_headers_query_path_and_remote_address_for_the_session()
    {
        await using var server = await EngineTestServer.StartAsync(fastPath: true);
        await using var client = await RawWebSocketClient.ConnectAsync(server.Port);

        var (status, head) = await client.HandshakeAsync(Handshake(server.Port, "EIO=4&transport=websocket&tag=a%20b&tag=c", "Cookie: session=42\r\nX-Custom:  spaced value \r\n"));

        Assert.Equal(101, status);
        Assert.Contains("Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n", head, StringComparison.Ordinal);
        var (_, _, openPayload) = await client.ReadFrameAsync();
        using var json = JsonDocument.Parse(openPayload.AsMemory(1));
        var session = server.Handler.Get(json.RootElement.GetProperty("sid").GetString()!).Session!;
        var handshake = session.Handshake;
        Assert.Equal("session=42", handshake.Headers.Cookie.ToString());
        Assert.Equal("spaced value", handshake.Headers["x-custom"].ToString());
        Assert.Equal($"127.0.0.1:{server.Port}", handshake.Headers.Host.ToString());
        Assert.Equal("a b,c", handshake.Query["tag"].ToString());
        Assert.Equal("websocket", handshake.Query["transport"].ToString());
        Assert.Equal("/socket.io/", handshake.Path);
        Assert.Equal(IPAddress.Loopback, handshake.RemoteAddress);
        Assert.False(handshake.User.Identity!.IsAuthenticated);
        Assert.Equal(0, server.HttpUpgradeRequests);
    }

    [Fact]
    public async Task Other_requests_on_the_same_port_and_connection_reach_the_http_server()
    {
        await using var server = await EngineTestServer.StartAsync(fastPath: true);

        Assert.Equal("hello over HTTP", await server.Client.GetStringAsync("hello"));
        var sid = await server.OpenPollingAsync();
        await server.PushAsync(sid, "4over polling");
        Assert.Equal("4over polling", await server.PollAsync(sid));
        Assert.Equal("hello over HTTP", await server.Client.GetStringAsync("hello"));
        using var notFound = await server.Client.GetAsync("nothing/here");
        Assert.Equal(HttpStatusCode.NotFound, notFound.StatusCode);
    }

    [Fact]
    public async Task An_upgrade_from_polling_is_answered_below_the_http_pipeline()
    {
        await using var server = await EngineTestServer.StartAsync(fastPath: true);
        var sid = await server.OpenPollingAsync();
        var pendingPoll = await server.StartPollAsync(sid);
        using var client = await EngineWebSocketClient.ConnectAsync(server.WebSocketUri(sid));

        await client.SendTextAsync("2probe");
        Assert.Equal("3probe", await client.ReceiveTextAsync());
        Assert.Equal("6", await pendingPoll.WaitAsync(TimeSpan.FromSeconds(5)));
        RecordingEngineHandler.Send(server.Handler.Get(sid).Session!, "queued mid-upgrade"u8, isBinary: false);
        await client.SendTextAsync("5");
        await client.SendTextAsync("4upgraded");

        Assert.Equal("4queued mid-upgrade", await client.ReceiveTextAsync());
        Assert.Equal("4upgraded", await client.ReceiveTextAsync());
        Assert.Equal(0, server.HttpUpgradeRequests);
        Assert.Equal(["open", "text:upgraded"], server.Handler.Get(sid).Events);
        using var poll = await server.GetAsync(sid);
        Assert.Equal(HttpStatusCode.BadRequest, poll.StatusCode);
    }

    [Fact]
    public async Task A_second_websocket_for_a_session_already_upgrading_is_left_to_the_http_server_which_closes_it()
    {
        await using var server = await EngineTestServer.StartAsync(fastPath: true);
        var sid = await server.OpenPollingAsync();
        using var client = await EngineWebSocketClient.ConnectAsync(server.WebSocketUri(sid));

        using (var second = await EngineWebSocketClient.ConnectAsync(server.WebSocketUri(sid)))
        {
            Assert.Equal(WebSocketCloseStatus.PolicyViolation, await second.ReceiveCloseAsync());
        }

        Assert.Equal(1, server.HttpUpgradeRequests);
        await client.SendTextAsync("2probe");
        Assert.Equal("3probe", await client.ReceiveTextAsync());
        await client.SendTextAsync("5");
        await client.SendTextAsync("4hello");
        Assert.Equal("4hello", await client.ReceiveTextAsync());
        Assert.Equal(1, server.Server.SessionCount);
    }

    [Fact]
    public async Task An_upgrade_abandoned_on_the_fast_path_leaves_the_session_on_polling_for_the_next_attempt()
    {
        await using var server = await EngineTestServer.StartAsync(fastPath: true);
        var sid = await server.OpenPollingAsync();
        using (var first = await EngineWebSocketClient.ConnectAsync(server.WebSocketUri(sid)))
        {
            await first.SendTextAsync("4not a probe");
            Assert.NotNull(await first.ReceiveCloseAsync());
        }

        await server.PushAsync(sid, "4still polling");
        Assert.Equal("4still polling", await server.PollAsync(sid));
        using var second = await EngineWebSocketClient.ConnectAsync(server.WebSocketUri(sid));
        await second.SendTextAsync("2probe");
        Assert.Equal("3probe", await second.ReceiveTextAsync());
        await second.SendTextAsync("5");
        await second.SendTextAsync("4over the websocket");
        Assert.Equal("4over the websocket", await second.ReceiveTextAsync());
        Assert.Equal(0, server.HttpUpgradeRequests);
    }

    public static TheoryData<string, string, int> BadHandshakes => new()
    {
        { "version 8", "version=8", 426 },
        { "key of 15 bytes", "key=AAAAAAAAAAAAAAAAAAAA", 400 },
        { "Engine.IO v3", "query=EIO=3&transport=websocket", 400 },
        { "unknown transport", "query=EIO=4&transport=carrier-pigeon", 400 },
        { "unknown sid", "query=EIO=4&transport=websocket&sid=nope", 400 },
        { "unknown sid, name in capitals", "query=EIO=4&transport=websocket&SID=nope", 400 },
        { "origin not allowed", "origin=http://evil.test", 403 },
    };

    [Theory]
    [MemberData(nameof(BadHandshakes))]
    public async Task Bad_handshakes_get_the_http_servers_answer(string what, string change, int expected)
    {
        await using var server = await EngineTestServer.StartAsync(fastPath: true);
        var (name, value) = (change[..change.IndexOf('=')], change[(change.IndexOf('=') + 1)..]);
        var request = name switch
        {
            "version" => Handshake(server.Port, version: value),
            "key" => Handshake(server.Port, key: value),
            "query" => Handshake(server.Port, query: value),
            _ => Handshake(server.Port, extraHeaders: $"Origin: {value}\r\n"),
        };

        await using (var client = await RawWebSocketClient.ConnectAsync(server.Port))
        {
            var (status, head) = await client.HandshakeAsync(request);
            Assert.True(expected == status, $"{what}: {head}");
            if (expected == 426)
            {
                Assert.Contains("Sec-WebSocket-Version: 13\r\n", head, StringComparison.OrdinalIgnoreCase);
            }
        }

        Assert.Equal(1, server.HttpUpgradeRequests);
        Assert.Equal(0, server.Server.SessionCount);
        using var healthy = await EngineWebSocketClient.ConnectAsync(server.WebSocketUri());
        Assert.StartsWith("0{", await healthy.ReceiveTextAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_allowed_cross_origin_handshake_gets_the_cors_headers_the_http_endpoint_sends()
    {
        await using var server = await EngineTestServer.StartAsync(options =>
        {
            options.AllowedOrigins.Add("http://app.test");
            options.AllowCredentials = true;
        }, fastPath: true);
        await using var client = await RawWebSocketClient.ConnectAsync(server.Port);

        var (status, head) = await client.HandshakeAsync(Handshake(server.Port, extraHeaders: "Origin: http://app.test\r\n"));

        Assert.Equal(101, status);
        Assert.Contains("Access-Control-Allow-Origin: http://app.test\r\n", head, StringComparison.Ordinal);
        Assert.Contains("Access-Control-Allow-Credentials: true\r\n", head, StringComparison.Ordinal);
        Assert.Equal(0, server.HttpUpgradeRequests);
    }

    [Fact]
    public async Task A_handshake_split_over_writes_is_left_to_the_http_server_which_accepts_it()
    {
        await using var server = await EngineTestServer.StartAsync(fastPath: true);
        await using var client = await RawWebSocketClient.ConnectAsync(server.Port);
        var request = Handshake(server.Port);

        await client.SendAsync(System.Text.Encoding.ASCII.GetBytes(request[..40]));
        // TCP tells nobody when the server has read the first piece alone; this pause lets it. Too short a pause can
        // only fail the test (the fast path would see the whole head and take it), never let a wrong server pass.
        await Task.Delay(100);
        var (status, _) = await client.HandshakeAsync(request[40..]);

        Assert.Equal(101, status);
        Assert.Equal(1, server.HttpUpgradeRequests);
        Assert.Equal('0', (char)(await client.ReadFrameAsync()).Payload[0]);
    }

    [Fact]
    public async Task A_protocol_error_on_a_fast_path_websocket_closes_it_with_1002()
    {
        await using var server = await EngineTestServer.StartAsync(fastPath: true);
        await using var client = await RawWebSocketClient.ConnectAsync(server.Port);
        var (status, _) = await client.HandshakeAsync(Handshake(server.Port));
        Assert.Equal(101, status);
        await client.ReadFrameAsync();

        // An unmasked client frame.
        await client.SendHexAsync("81 02 34 78");

        Assert.Equal(1002, await client.ReadCloseCodeAsync());

        // The client answers the close (masked, key 0, code 1002), which ends the close handshake and the session.
        await client.SendHexAsync("88 82 00 00 00 00 03 ea");
        await WaitForAsync(() => server.Server.SessionCount == 0);
    }

    [Fact]
    public async Task Over_tls_the_fast_path_reads_the_decrypted_handshake()
    {
        await using var server = await EngineTestServer.StartAsync(fastPath: true, certificate: KestrelEchoHost.CreateCertificate());
        using var client = await EngineWebSocketClient.ConnectAsync(server.WebSocketUri(), trustAnyCertificate: true);

        Assert.StartsWith("0{", await client.ReceiveTextAsync(), StringComparison.Ordinal);
        await client.SendTextAsync("4secure");
        Assert.Equal("4secure", await client.ReceiveTextAsync());
        Assert.Equal(0, server.HttpUpgradeRequests);
        Assert.Equal("hello over HTTP", await server.Client.GetStringAsync("hello"));
        Assert.Equal(WebSocketState.Open, client.Socket.State);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Messages_larger_than_one_pipe_read_arrive_whole_both_ways(bool tls)
    {
        await using var server = await EngineTestServer.StartAsync(fastPath: true, certificate: tls ? KestrelEchoHost.CreateCertificate() : null);
        using var client = await EngineWebSocketClient.ConnectAsync(server.WebSocketUri(), trustAnyCertificate: tls);
        Assert.StartsWith("0{", await client.ReceiveTextAsync(), StringComparison.Ordinal);

        // Past 16 KiB a payload's rest is read past the pipe where the pipe is over the stream; here the input is
        // Kestrel's pipe and the stream only writes, so it must all come through the pipe (over TLS it arrives in pieces).
        var large = "4" + string.Create(100_000, 0, static (span, _) =>
        {
            for (var i = 0; i < span.Length; i++)
            {
                span[i] = (char)('a' + (i % 26));
            }
        });
        await client.SendTextAsync(large);
        await client.SendTextAsync("4after");

        Assert.Equal(large, await client.ReceiveTextAsync());
        Assert.Equal("4after", await client.ReceiveTextAsync());
    }

    [Fact]
    public async Task A_client_that_stops_reading_gets_everything_in_order_later_and_holds_up_no_one()
    {
        const int Messages = 64;
        const int Size = 128 * 1024;
        await using var server = await EngineTestServer.StartAsync(options => options.MaxOutboundBytes = 64 * 1024 * 1024, fastPath: true);
        await using var stalled = await RawWebSocketClient.ConnectAsync(server.Port, receiveBufferSize: 4096);
        Assert.Equal(101, (await stalled.HandshakeAsync(Handshake(server.Port))).Status);
        await stalled.ReadFrameAsync();

        // 8 MiB of echoes into a socket nobody reads: the server's writes to it cannot complete at once.
        for (var i = 0; i < Messages; i++)
        {
            await stalled.SendAsync(MaskedText(Numbered(i, Size)));
        }

        using (var other = await EngineWebSocketClient.ConnectAsync(server.WebSocketUri()))
        {
            Assert.StartsWith("0{", await other.ReceiveTextAsync(), StringComparison.Ordinal);
            await other.SendTextAsync("4meanwhile");
            Assert.Equal("4meanwhile", await other.ReceiveTextAsync());
        }

        for (var i = 0; i < Messages; i++)
        {
            var (opcode, fin, payload) = await stalled.ReadFrameAsync();
            Assert.Equal((0x1, true), (opcode, fin));
            Assert.True(payload.AsSpan().SequenceEqual(Numbered(i, Size)), $"echo {i} differs");
        }
    }

    /// <summary>An Engine.IO message packet of <paramref name="size"/> bytes that says which one it is all along.</summary>
    private static byte[] Numbered(int number, int size)
    {
        var packet = new byte[size];
        packet.AsSpan().Fill((byte)('a' + (number % 26)));
        packet[0] = (byte)'4';
        return packet;
    }

    /// <summary>One client text frame (masked with the all-zero key, which leaves the payload as it is).</summary>
    private static byte[] MaskedText(byte[] payload)
    {
        var frame = new byte[2 + 8 + 4 + payload.Length];
        frame[0] = 0x81;
        frame[1] = 0x80 | 127;
        System.Buffers.Binary.BinaryPrimitives.WriteInt64BigEndian(frame.AsSpan(2), payload.Length);
        payload.CopyTo(frame, 14);
        return frame;
    }

    private static Task WaitForAsync(Func<bool> condition) => Poll.UntilAsync(condition, "the condition");
}
