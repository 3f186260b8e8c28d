namespace TypedSockets.WebSockets;

/// <summary>What one call of <see cref="WebSocketFrameParser.Parse"/> produced.</summary>
internal enum WebSocketParseStatus
{
    /// <summary>A state finished; the parser moves on (never returned by <c>Parse</c>).</summary>
    Continue,

    /// <summary>All input was consumed without completing a message or control frame.</summary>
    NeedMoreData,

    /// <summary>A data message is complete: <see cref="WebSocketFrameParser.MessagePayload"/>.</summary>
    Message,

    /// <summary>A control frame is complete: <see cref="WebSocketFrameParser.ControlPayload"/>.</summary>
    Control,

    /// <summary>The peer broke the protocol: <see cref="WebSocketFrameParser.Error"/>.</summary>
    Error,
}
