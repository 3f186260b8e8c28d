using System.Net.WebSockets;
using System.Text;
using TypedSockets.WebSockets;

namespace TypedSockets.Tests.WebSockets;

/// <summary>
/// One test per rule: a raw client breaks it, the server answers with the exact HTTP status or close
/// code (close frame before TCP close, no reset; after a protocol error TCP closes at once), and a new connection is still served afterwards.
/// Client frames use the mask key 00 00 00 00, so payload bytes read as plain hex.
/// </summary>
public sealed class ServerBadInputTests(EchoHost host) : IClassFixture<EchoHost>
{
    public static TheoryData<int> CloseCodes => Payloads.CloseCodeData();

    [Theory]
    [InlineData("POST /echo HTTP/1.1\r\nHost: h\r\nContent-Length: 0\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n", 400)]
    [InlineData("GET /echo HTTP/1.1\r\nHost: h\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n", 400)]
    [InlineData("GET /echo HTTP/1.1\r\nHost: h\r\nUpgrade: h2c\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n", 400)]
    [InlineData("GET /echo HTTP/1.1\r\nHost: h\r\nUpgrade: websocket\r\nConnection: keep-alive\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n", 400)]
    [InlineData("GET /echo HTTP/1.1\r\nHost: h\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n\r\n", 400)]
    [InlineData("GET /echo HTTP/1.1\r\nHost: h\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: c2hvcnQ=\r\nSec-WebSocket-Version: 13\r\n\r\n", 400)]
    [InlineData("GET /echo HTTP/1.1\r\nHost: h\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: not base64 at all, 24ch\r\nSec-WebSocket-Version: 13\r\n\r\n", 400)]
    [InlineData("GET /echo HTTP/1.0\r\nHost: h\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n", 400)]
    public async Task Malformed_handshakes_are_refused_with_400(string request, int expected)
    {
        await using (var client = await RawWebSocketClient.ConnectAsync(host.Port))
        {
            var (status, _) = await client.HandshakeAsync(request);
            Assert.Equal(expected, status);
        }

        await AssertServerStillServesAsync();
    }

    [Theory]
    [InlineData("15")]
    [InlineData("8")]
    [InlineData("13, 15")]
    public async Task Other_versions_are_refused_with_426_naming_version_13(string version)
    {
        await using (var client = await RawWebSocketClient.ConnectAsync(host.Port))
        {
            var request = $"GET /echo HTTP/1.1\r\nHost: h\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: {version}\r\n\r\n";
            var (status, head) = await client.HandshakeAsync(request);
            Assert.Equal(426, status);
            Assert.Contains("Sec-WebSocket-Version: 13\r\n", head, StringComparison.OrdinalIgnoreCase);
        }

        await AssertServerStillServesAsync();
    }

    [Fact]
    public async Task Connection_header_with_a_list_in_any_case_is_accepted()
    {
        await using var client = await RawWebSocketClient.ConnectAsync(host.Port);
        var request = $"GET /echo HTTP/1.1\r\nHost: h\r\nUpgrade: WebSocket\r\nConnection: keep-alive, UPGRADE\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n";
        var (status, head) = await client.HandshakeAsync(request);
        Assert.Equal(101, status);
        Assert.Contains("Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n", head, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Refused_origin_gets_403_and_a_log_line()
    {
        await using (var client = await RawWebSocketClient.ConnectAsync(host.Port))
        {
            var (status, _) = await client.HandshakeAsync(RawWebSocketClient.ValidRequest("/origin", host.Port, "Origin: http://evil.example\r\n"));
            Assert.Equal(403, status);
        }

        Assert.Contains(host.Logs.Lines, line => line.EventId == 1000 && line.Message.Contains("403", StringComparison.Ordinal));
        await using (var client = await RawWebSocketClient.ConnectAsync(host.Port))
        {
            var (status, _) = await client.HandshakeAsync(RawWebSocketClient.ValidRequest("/origin", host.Port, "Origin: http://good.example\r\n"));
            Assert.Equal(101, status);
        }
    }

    [Theory]
    [InlineData("c1 80 00 00 00 00", 1002)] // RSV1 set
    [InlineData("a1 80 00 00 00 00", 1002)] // RSV2 set
    [InlineData("91 80 00 00 00 00", 1002)] // RSV3 set
    [InlineData("83 80 00 00 00 00", 1002)] // reserved data opcode 3
    [InlineData("87 80 00 00 00 00", 1002)] // reserved data opcode 7
    [InlineData("8b 80 00 00 00 00", 1002)] // reserved control opcode B
    [InlineData("8f 80 00 00 00 00", 1002)] // reserved control opcode F
    [InlineData("81 05 48 65 6c 6c 6f", 1002)] // unmasked client frame
    [InlineData("89 fe 00 7e 00 00 00 00", 1002)] // ping longer than 125 bytes
    [InlineData("09 80 00 00 00 00", 1002)] // fragmented ping
    [InlineData("80 81 00 00 00 00 41", 1002)] // continuation without a message
    [InlineData("01 81 00 00 00 00 41 81 81 00 00 00 00 42", 1002)] // new text inside a fragmented message
    [InlineData("82 ff 80 00 00 00 00 00 00 01 00 00 00 00", 1002)] // 64-bit length with the top bit set
    [InlineData("81 84 00 00 00 00 ce ba e1 bd", 1007)] // truncated code point at the end of a message
    [InlineData("81 83 00 00 00 00 ed a0 80", 1007)] // surrogate
    [InlineData("81 82 00 00 00 00 c0 80", 1007)] // overlong
    [InlineData("01 82 00 00 00 00 ce ba 80 82 00 00 00 00 e1 ff", 1007)] // invalid across fragments
    [InlineData("88 81 00 00 00 00 03", 1002)] // one-byte close payload
    [InlineData("88 82 00 00 00 00 03 ed", 1002)] // close 1005
    [InlineData("88 82 00 00 00 00 03 ee", 1002)] // close 1006
    [InlineData("88 82 00 00 00 00 03 f7", 1002)] // close 1015
    [InlineData("88 82 00 00 00 00 03 ec", 1002)] // close 1004
    [InlineData("88 82 00 00 00 00 03 e7", 1002)] // close 999
    [InlineData("88 82 00 00 00 00 07 d0", 1002)] // close 2000
    [InlineData("88 82 00 00 00 00 13 88", 1002)] // close 5000
    [InlineData("88 84 00 00 00 00 03 e8 ff fe", 1007)] // close reason not UTF-8
    [InlineData("88 85 00 00 00 00 03 e8 62 79 c0", 1007)] // close reason with a truncated sequence
    [InlineData("88 fe 00 7e 00 00 00 00", 1002)] // close longer than 125 bytes
    [InlineData("08 82 00 00 00 00 03 e8", 1002)] // fragmented close
    public async Task Protocol_violations_close_with_the_mapped_code_then_TCP_at_once(string frames, int expectedCode)
    {
        // /fakeclock runs its close timeout on a clock no test here advances: TCP ends only if the server closes it
        // at once after its close frame (RFC 6455 §7.1.7), without waiting for a reply the peer never sends.
        await using (var client = await RawWebSocketClient.OpenAsync(host.Port, "/fakeclock"))
        {
            await client.SendHexAsync(frames);
            Assert.Equal(expectedCode, await client.ReadCloseCodeAsync());
            Assert.True(await client.ReadsEndOfStreamAsync());
        }

        Assert.Contains(host.Logs.Lines, line => line.EventId == 1001);
        await AssertServerStillServesAsync();
    }

    [Fact]
    public async Task Invalid_UTF8_fails_fast_inside_one_frame_that_is_still_arriving()
    {
        await using var client = await RawWebSocketClient.OpenAsync(host.Port);

        // A 10-byte text frame of which only "κ" and a byte that can never follow F4 arrive.
        await client.SendHexAsync("81 8a 00 00 00 00 ce ba f4 90");
        Assert.Equal(1007, await client.ReadCloseCodeAsync());
    }

    [Fact]
    public async Task Invalid_UTF8_fails_fast_in_a_fragment_before_the_message_ends()
    {
        await using var client = await RawWebSocketClient.OpenAsync(host.Port);
        await client.SendHexAsync("01 82 00 00 00 00 ce ba 00 81 00 00 00 00 c0");
        Assert.Equal(1007, await client.ReadCloseCodeAsync());
    }

    [Fact]
    public async Task Message_over_the_limit_closes_with_1009_as_soon_as_its_length_is_known()
    {
        await using (var client = await RawWebSocketClient.OpenAsync(host.Port, "/small"))
        {
            await client.SendHexAsync("82 fe 04 01 00 00 00 00");
            Assert.Equal(1009, await client.ReadCloseCodeAsync());
        }

        await using (var client = await RawWebSocketClient.OpenAsync(host.Port, "/small"))
        {
            // Two fragments of 600 bytes exceed 1024 together.
            await client.SendAsync([.. Hex.Parse("02 fe 02 58 00 00 00 00"), .. new byte[600], .. Hex.Parse("80 fe 02 58 00 00 00 00")]);
            Assert.Equal(1009, await client.ReadCloseCodeAsync());
        }

        await AssertServerStillServesAsync();
    }

    [Theory]
    [MemberData(nameof(CloseCodes))]
    public async Task Valid_close_codes_are_echoed_then_TCP_closes(int code)
    {
        await using var client = await RawWebSocketClient.OpenAsync(host.Port);
        await client.SendHexAsync("88 85 00 00 00 00" + Hex.Format([(byte)(code >> 8), (byte)code]) + "62 79 65");
        Assert.Equal(code, await client.ReadCloseCodeAsync());
        Assert.True(await client.ReadsEndOfStreamAsync());
    }

    [Fact]
    public async Task Empty_close_is_answered_with_1000()
    {
        await using var client = await RawWebSocketClient.OpenAsync(host.Port);
        await client.SendHexAsync("88 80 00 00 00 00");
        Assert.Equal(1000, await client.ReadCloseCodeAsync());
        Assert.True(await client.ReadsEndOfStreamAsync());
    }

    [Fact]
    public async Task Nothing_after_the_close_frame_is_processed()
    {
        await using var client = await RawWebSocketClient.OpenAsync(host.Port);
        await client.SendHexAsync("88 82 00 00 00 00 03 e8 81 82 00 00 00 00 68 69 89 80 00 00 00 00");
        Assert.Equal(1000, await client.ReadCloseCodeAsync());
        Assert.True(await client.ReadsEndOfStreamAsync());
    }

    [Fact]
    public async Task Ping_is_answered_with_a_pong_carrying_its_payload_between_fragments()
    {
        await using var client = await RawWebSocketClient.OpenAsync(host.Port);
        await client.SendHexAsync("01 83 00 00 00 00 48 65 6c 89 82 00 00 00 00 70 70 80 82 00 00 00 00 6c 6f");
        var pong = await client.ReadFrameAsync();
        Assert.Equal((0xA, true, "pp"), (pong.Opcode, pong.Fin, Encoding.ASCII.GetString(pong.Payload)));
        var echo = await client.ReadFrameAsync();
        Assert.Equal((0x1, "Hello"), (echo.Opcode, Encoding.ASCII.GetString(echo.Payload)));
    }

    [Fact]
    public async Task Masked_frames_with_a_real_key_are_unmasked()
    {
        await using var client = await RawWebSocketClient.OpenAsync(host.Port);

        // RFC 6455 §5.7: a masked "Hello".
        await client.SendHexAsync("81 85 37 fa 21 3d 7f 9f 4d 51 58");
        var echo = await client.ReadFrameAsync();
        Assert.Equal((0x1, "48656c6c6f"), (echo.Opcode, Hex.Format(echo.Payload)));
    }

    [Fact]
    public async Task A_peer_that_never_answers_keep_alive_pings_is_dropped()
    {
        await using (var client = await RawWebSocketClient.OpenAsync(host.Port, "/keepalive"))
        {
            var ping = await client.ReadFrameAsync();
            Assert.Equal(0x9, ping.Opcode);
            await Assert.ThrowsAnyAsync<IOException>(async () =>
            {
                while (true)
                {
                    await client.ReadFrameAsync();
                }
            });
        }

        Assert.Contains(host.Logs.Lines, line => line.EventId == 1002);
        await AssertServerStillServesAsync();
    }

    [Fact]
    public void Upgrade_requests_are_recognised()
    {
        var context = new Microsoft.AspNetCore.Http.DefaultHttpContext();
        context.Request.Method = "GET";
        Assert.False(WebSocketAcceptor.IsUpgradeRequest(context));
        context.Request.Headers.Upgrade = "WebSocket";
        Assert.True(WebSocketAcceptor.IsUpgradeRequest(context));
    }

    private async Task AssertServerStillServesAsync()
    {
        using var client = new ClientWebSocket();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await client.ConnectAsync(host.WebSocketUri("/echo"), timeout.Token);
        await client.SendAsync("still here"u8.ToArray(), WebSocketMessageType.Text, true, timeout.Token);
        var buffer = new byte[64];
        var result = await client.ReceiveAsync(buffer, timeout.Token);
        Assert.Equal("still here", Encoding.UTF8.GetString(buffer, 0, result.Count));
        await client.CloseAsync(WebSocketCloseStatus.NormalClosure, null, timeout.Token);
    }
}
