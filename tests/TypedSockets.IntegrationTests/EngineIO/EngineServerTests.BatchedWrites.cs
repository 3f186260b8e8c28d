using System.Net.WebSockets;
using System.Text;

namespace TypedSockets.Tests.EngineIO;

public sealed partial class EngineServerTests
{
    /// <summary>
    /// A long queue goes out in long batches: small frames copied and flushed in pieces, large ones written from the
    /// shared message, binary ones between them, about 5 MB, so the socket pushes back mid-batch (the rest of
    /// the batch then follows asynchronously). Over both hosts (the HTTP upgrade and the fast path's own pipe).
    /// </summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task WebSocket_writes_a_long_queue_complete_and_in_order(bool fastPath)
    {
        const int Count = 10_000;
        await using var server = await EngineTestServer.StartAsync(options => options.MaxOutboundBytes = 64L << 20, fastPath: fastPath);
        server.Handler.OnMessage = (session, payload, isBinary) =>
        {
            if (!payload.Span.SequenceEqual("go"u8))
            {
                RecordingEngineHandler.Send(session, payload.Span, isBinary);
                return ValueTask.CompletedTask;
            }

            // Queued faster than the socket takes it: the send loop and the end of the receive batch write long batches.
            for (var i = 0; i < Count; i++)
            {
                RecordingEngineHandler.Send(session, Payload(i), isBinary: i % 7 == 3);
            }

            return ValueTask.CompletedTask;
        };
        using var client = await EngineWebSocketClient.ConnectAsync(server.WebSocketUri());
        await client.ReceiveTextAsync();

        await client.SendTextAsync("4go");

        for (var i = 0; i < Count; i++)
        {
            var (type, payload) = await client.ReceiveAsync();
            var binary = i % 7 == 3;
            Assert.Equal(binary ? WebSocketMessageType.Binary : WebSocketMessageType.Text, type);
            Assert.True(payload.AsSpan(binary ? 0 : 1).SequenceEqual(Payload(i)), $"message {i} differs");
        }

        // The connection goes on normally after the batch.
        await client.SendTextAsync("4after");
        Assert.Equal("4after", await client.ReceiveTextAsync());
    }

    /// <summary>Message <paramref name="index"/>: its number, then filler; every 100th is 40 KB (past the write-through size), the others 100 bytes.</summary>
    private static byte[] Payload(int index)
    {
        var payload = new byte[index % 100 == 50 ? 40 * 1024 : 100];
        payload.AsSpan().Fill((byte)('a' + (index % 26)));
        Encoding.ASCII.GetBytes(index.ToString(System.Globalization.CultureInfo.InvariantCulture), payload);
        return payload;
    }
}
