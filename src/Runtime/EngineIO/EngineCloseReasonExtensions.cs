namespace TypedSockets.EngineIO;

/// <summary>The text of each <see cref="EngineCloseReason"/>, as socket.io's servers report it.</summary>
public static class EngineCloseReasonExtensions
{
    /// <summary>The reason as socket.io words it (<c>"transport close"</c>, <c>"ping timeout"</c>, ...).</summary>
    public static string ToReasonString(this EngineCloseReason reason) => reason switch
    {
        EngineCloseReason.TransportClose => "transport close",
        EngineCloseReason.TransportError => "transport error",
        EngineCloseReason.PingTimeout => "ping timeout",
        EngineCloseReason.ParseError => "parse error",
        EngineCloseReason.ForcedClose => "forced close",
        EngineCloseReason.ServerShuttingDown => "server shutting down",
        EngineCloseReason.OutboundQueueFull => "outbound queue full",
        _ => throw new ArgumentOutOfRangeException(nameof(reason), reason, null),
    };
}
