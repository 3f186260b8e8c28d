using System.Net.WebSockets;
using System.Text;

namespace TypedSockets.Tests.EngineIO;

/// <summary>A .NET <see cref="ClientWebSocket"/> speaking raw Engine.IO packets, one per frame.</summary>
internal sealed class EngineWebSocketClient : IDisposable
{
    private readonly byte[] _buffer = new byte[1 << 20];

    private EngineWebSocketClient(ClientWebSocket socket)
    {
        Socket = socket;
    }

    public ClientWebSocket Socket { get; }

    /// <summary>Connects to <paramref name="uri"/>; through <paramref name="invoker"/> when given (an HTTP/2 connection to share, say).</summary>
    public static async Task<EngineWebSocketClient> ConnectAsync(Uri uri, bool trustAnyCertificate = false, Action<ClientWebSocketOptions>? configure = null, HttpMessageInvoker? invoker = null)
    {
        var socket = new ClientWebSocket();
        configure?.Invoke(socket.Options);
        if (trustAnyCertificate)
        {
            socket.Options.RemoteCertificateValidationCallback = (_, _, _, _) => true;
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await socket.ConnectAsync(uri, invoker, timeout.Token);
        return new EngineWebSocketClient(socket);
    }

    public Task SendTextAsync(string packet) =>
        Socket.SendAsync(Encoding.UTF8.GetBytes(packet), WebSocketMessageType.Text, true, CancellationToken.None);

    public Task SendBinaryAsync(byte[] payload) =>
        Socket.SendAsync(payload, WebSocketMessageType.Binary, true, CancellationToken.None);

    /// <summary>The next message: its type and bytes (a close gives <see cref="WebSocketMessageType.Close"/>).</summary>
    public async Task<(WebSocketMessageType Type, byte[] Payload)> ReceiveAsync(int timeoutMilliseconds = 5000)
    {
        using var timeout = new CancellationTokenSource(timeoutMilliseconds);
        var count = 0;
        while (true)
        {
            var result = await Socket.ReceiveAsync(_buffer.AsMemory(count), timeout.Token);
            count += result.Count;
            if (result.EndOfMessage)
            {
                return (result.MessageType, _buffer.AsSpan(0, count).ToArray());
            }
        }
    }

    public async Task<string> ReceiveTextAsync(int timeoutMilliseconds = 5000)
    {
        var (type, payload) = await ReceiveAsync(timeoutMilliseconds);
        Assert.Equal(WebSocketMessageType.Text, type);
        return Encoding.UTF8.GetString(payload);
    }

    /// <summary>Reads until the server closes, answers the close as browsers do; returns the server's close status.</summary>
    public async Task<WebSocketCloseStatus?> ReceiveCloseAsync()
    {
        try
        {
            while (true)
            {
                var (type, _) = await ReceiveAsync();
                if (type == WebSocketMessageType.Close)
                {
                    if (Socket.State == WebSocketState.CloseReceived)
                    {
                        await Socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
                    }

                    return Socket.CloseStatus;
                }
            }
        }
        catch (WebSocketException)
        {
            return Socket.CloseStatus;
        }
    }

    public void Dispose() => Socket.Dispose();
}
