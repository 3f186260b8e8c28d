using System.Diagnostics;
using System.Net;
using System.Text;

namespace TypedSockets.Bench.LoadGen;

/// <summary>
/// How a browser client connects by default, up to "connected over WebSocket":
/// <list type="bullet">
/// <item>socket.io-client 4.8 (engine.io-client 6.6): the polling handshake; then, in this order, the namespace
/// CONNECT posted, the WebSocket opened with the sid and the next poll sent; on the WebSocket <c>2probe</c>, and on
/// <c>3probe</c> polling pauses (no new poll; the poll in flight must end, which the server does with a noop, and
/// the POST in flight too); then <c>5</c> over the WebSocket. Connected once the CONNECT was answered, over polling
/// or, when it comes later, over the WebSocket.</item>
/// <item>@microsoft/signalr: the negotiate POST, the WebSocket with the connectionToken, the JSON hub handshake.</item>
/// </list>
/// </summary>
internal static class BrowserConnect
{
    /// <summary>The WebSocket a browser ends up on, and the client whose HTTP connections it used on the way (kept open, as a browser keeps them).</summary>
    public sealed record Connection(WsClient WebSocket, PollingClient Http);

    /// <param name="pauseWait">When given, records how long each socket.io upgrade waited from <c>3probe</c> until polling paused.</param>
    public static Task<Connection> ConnectAsync(IPEndPoint endpoint, string path, Dialect dialect, ErrorLog errors, LatencyHistogram? pauseWait,
        CancellationToken cancellationToken) =>
        dialect.Name switch
        {
            "socketio" => SocketIOAsync(new EngineIOPollingClient(endpoint, path, dialect, errors), pauseWait, cancellationToken),
            "signalr" => SignalRAsync(new SignalRLongPollingClient(endpoint, path, dialect, errors), dialect, cancellationToken),
            _ => throw new ArgumentException($"No browser client speaks {dialect.Name}."),
        };

    private static async Task<Connection> SocketIOAsync(EngineIOPollingClient polling, LatencyHistogram? pauseWait, CancellationToken cancellationToken)
    {
        WsClient? webSocket = null;
        try
        {
            await polling.HandshakeAsync(cancellationToken);
            polling.Send("40"u8);
            var opening = WsClient.ConnectAsync(polling.Endpoint, polling.UpgradePath, 1024, cancellationToken);
            polling.StartPolling();
            webSocket = await opening;
            webSocket.AppendText("2probe"u8);
            await webSocket.FlushAsync(cancellationToken);
            var probe = await ReceiveAsync(webSocket, cancellationToken);
            if (!probe.AsSpan().SequenceEqual("3probe"u8))
            {
                throw new IOException($"expected 3probe, got '{Encoding.UTF8.GetString(probe)}'");
            }

            var probedAt = Stopwatch.GetTimestamp();
            await polling.PauseAsync(cancellationToken);
            pauseWait?.Record(Stopwatch.GetTimestamp() - probedAt);
            webSocket.AppendText("5"u8);
            await webSocket.FlushAsync(cancellationToken);
            while (!polling.Connected.IsCompleted)
            {
                // The CONNECT was answered after the poll paused: the answer comes over the WebSocket.
                var message = await ReceiveAsync(webSocket, cancellationToken);
                if (message.AsSpan().StartsWith("40"u8))
                {
                    break;
                }

                if (message.AsSpan().SequenceEqual("2"u8))
                {
                    webSocket.AppendText("3"u8);
                    continue;
                }

                throw new IOException($"expected the namespace CONNECT answer, got '{Encoding.UTF8.GetString(message)}'");
            }

            if (polling.Connected.IsFaulted)
            {
                await polling.Connected;
            }

            return new Connection(webSocket, polling);
        }
        catch
        {
            webSocket?.Abort();
            await polling.AbortAsync();
            throw;
        }
    }

    private static async Task<Connection> SignalRAsync(SignalRLongPollingClient http, Dialect dialect, CancellationToken cancellationToken)
    {
        WsClient? webSocket = null;
        try
        {
            await http.NegotiateAsync("WebSockets", cancellationToken);
            webSocket = await WsClient.ConnectAsync(http.Endpoint, http.WebSocketPath, 1024, cancellationToken);
            await dialect.OpenAsync(webSocket, cancellationToken);
            return new Connection(webSocket, http);
        }
        catch
        {
            webSocket?.Abort();
            await http.AbortAsync();
            throw;
        }
    }

    /// <summary>The next whole data message, read before the session's own loop runs.</summary>
    private static async Task<byte[]> ReceiveAsync(WsClient client, CancellationToken cancellationToken)
    {
        while (true)
        {
            if (client.TryReadMessage(out var message))
            {
                return message.ToArray();
            }

            await client.FlushAsync(cancellationToken);
            if (client.Closed || !await client.FillAsync(cancellationToken))
            {
                throw new IOException("The server closed the WebSocket during the upgrade.");
            }
        }
    }
}
