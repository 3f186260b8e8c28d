namespace TypedSockets.WebSockets;

/// <summary>What a <see cref="WebSocketMessage"/> carries.</summary>
public enum WebSocketMessageKind
{
    /// <summary>A text message: the payload is valid UTF-8.</summary>
    Text,

    /// <summary>A binary message.</summary>
    Binary,

    /// <summary>The connection closed; see <see cref="WebSocketConnection.CloseStatus"/>.</summary>
    Close,
}
