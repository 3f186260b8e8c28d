namespace TypedSockets.EngineIO;

/// <summary>Why an Engine.IO session ended, in Engine.IO's own terms (socket.io reports each as a disconnect reason).</summary>
public enum EngineCloseReason
{
    /// <summary>The client closed the transport or sent a close packet ("transport close").</summary>
    TransportClose,

    /// <summary>The transport failed: a broken request, a failed read or write, overlapping polls ("transport error").</summary>
    TransportError,

    /// <summary>The client did not answer a ping within the ping timeout ("ping timeout").</summary>
    PingTimeout,

    /// <summary>The client sent bytes that are not an Engine.IO packet ("parse error").</summary>
    ParseError,

    /// <summary>The application closed the session ("forced close").</summary>
    ForcedClose,

    /// <summary>The server is stopping ("server shutting down").</summary>
    ServerShuttingDown,

    /// <summary>More was queued for the client than its outbound bound allows ("outbound queue full").</summary>
    OutboundQueueFull,
}
