using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using TypedSockets.WebSockets;

namespace TypedSockets.Tests.WebSockets;

/// <summary>Our client against a raw TCP server that answers the handshake byte for byte as each test dictates.</summary>
public sealed class ClientHandshakeTests
{
    [Fact]
    public async Task A_correct_101_is_accepted_and_frames_sent_with_it_are_kept()
    {
        // The server's first frame arrives in the same packet as the 101 head.
        await using var connection = await ConnectAsync(key => $"HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: {Accept(key)}\r\n\r\n", "81 02 68 69");
        var message = await connection.ReceiveAsync();
        Assert.Equal("hi", Encoding.ASCII.GetString(message.Payload.Span));
    }

    [Theory]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n")]
    [InlineData("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n\r\n")]
    [InlineData("HTTP/1.1 101 Switching Protocols\r\nUpgrade: h2c\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: {accept}\r\n\r\n")]
    [InlineData("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nSec-WebSocket-Accept: {accept}\r\n\r\n")]
    [InlineData("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: {accept}\r\nSec-WebSocket-Protocol: not-offered\r\n\r\n")]
    [InlineData("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: {accept}\r\nSec-WebSocket-Extensions: permessage-deflate\r\n\r\n")]
    public async Task A_wrong_response_is_refused(string response)
    {
        await Assert.ThrowsAsync<WebSocketHandshakeException>(async () => await ConnectAsync(key => response.Replace("{accept}", Accept(key), StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_masked_server_frame_is_a_protocol_error()
    {
        await using var connection = await ConnectAsync(key => $"HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: {Accept(key)}\r\n\r\n", "81 82 00 00 00 00 68 69");
        Assert.Equal(WebSocketMessageKind.Close, (await connection.ReceiveAsync()).Kind);
        Assert.Equal(WebSocketCloseCode.ProtocolError, connection.CloseStatus);
    }

    private static string Accept(string key) =>
        Convert.ToBase64String(SHA1.HashData(Encoding.ASCII.GetBytes(key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11")));

    /// <summary>Starts a one-shot server that reads the request, checks it, and writes the response (and any frames), then connects to it.</summary>
    private static async Task<WebSocketConnection> ConnectAsync(Func<string, string> respond, string framesHex = "")
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var server = Task.Run(async () =>
        {
            var socket = await listener.AcceptSocketAsync();
            var stream = new NetworkStream(socket, ownsSocket: true);
            var request = new StringBuilder();
            var buffer = new byte[1];
            while (!request.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal) && await stream.ReadAsync(buffer) == 1)
            {
                request.Append((char)buffer[0]);
            }

            var text = request.ToString();
            Assert.StartsWith("GET /chat HTTP/1.1\r\n", text, StringComparison.Ordinal);
            Assert.Contains("Sec-WebSocket-Version: 13\r\n", text, StringComparison.Ordinal);
            var key = text.Split("\r\n").Single(line => line.StartsWith("Sec-WebSocket-Key: ", StringComparison.Ordinal))[19..];
            Assert.Equal(16, Convert.FromBase64String(key).Length);
            await stream.WriteAsync(Encoding.ASCII.GetBytes(respond(key)).Concat(Hex.Parse(framesHex)).ToArray());
            return stream;
        });

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        var options = new WebSocketClientOptions { CloseTimeout = TimeSpan.FromMilliseconds(200) };
        options.SubProtocols.Add("chat");
        try
        {
            return await WebSocketClient.ConnectAsync(new Uri($"ws://127.0.0.1:{port}/chat"), options, timeout.Token);
        }
        finally
        {
            await (await server).DisposeAsync();
        }
    }
}
