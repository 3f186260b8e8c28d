namespace TypedSockets.WebSockets;

/// <summary>Whether the acceptor may take the connection back from the HTTP server (<see cref="IConnectionTakeoverFeature"/>), and when its answer goes out.</summary>
internal enum WebSocketTakeover
{
    /// <summary>Never: the request upgrades through the HTTP server (a WebSocket endpoint whose handler runs inside the request).</summary>
    None,

    /// <summary>When offered; the 101 goes out with the server's first message (which follows at once: the open packet).</summary>
    AnswerWithFirstMessage,

    /// <summary>When offered; the 101 goes out at once (the client speaks first: an upgrade's probe).</summary>
    AnswerNow,
}
