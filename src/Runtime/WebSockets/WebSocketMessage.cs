namespace TypedSockets.WebSockets;

/// <summary>
/// One complete message. The payload lives in the connection's pooled receive buffer and stays valid
/// only until the next <see cref="WebSocketConnection.ReceiveAsync"/>.
/// </summary>
public readonly struct WebSocketMessage
{
    /// <summary>A message of <paramref name="kind"/> over <paramref name="payload"/>.</summary>
    public WebSocketMessage(WebSocketMessageKind kind, ReadOnlyMemory<byte> payload)
    {
        Kind = kind;
        Payload = payload;
    }

    /// <summary>Text, binary, or the close that ended the connection (then the payload is empty).</summary>
    public WebSocketMessageKind Kind { get; }

    /// <summary>The message's bytes: UTF-8 (already validated) for text.</summary>
    public ReadOnlyMemory<byte> Payload { get; }
}
