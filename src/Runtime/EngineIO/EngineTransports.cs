namespace TypedSockets.EngineIO;

/// <summary>The Engine.IO transports a server accepts.</summary>
[Flags]
public enum EngineTransports
{
    /// <summary>HTTP long-polling (<c>transport=polling</c>).</summary>
    Polling = 1,

    /// <summary>WebSocket, directly or as an upgrade from long-polling (<c>transport=websocket</c>).</summary>
    WebSocket = 2,

    /// <summary>Both, as socket.io does by default.</summary>
    All = Polling | WebSocket,
}
