namespace TypedSockets.WebSockets;

/// <summary>
/// One complete message. The payload lives in the connection's pooled receive buffer and stays valid
/// only until the next <see cref="WebSocketConnection.ReceiveAsync"/>.
/// </summary>
public readonly struct WebSocketMessage
{
    public WebSocketMessage(WebSocketMessageKind kind, ReadOnlyMemory<byte> payload)
    {
        Kind = kind;
        Payload = payload;
    }

    public WebSocketMessageKind Kind { get; }

    public ReadOnlyMemory<byte> Payload { get; }
}
