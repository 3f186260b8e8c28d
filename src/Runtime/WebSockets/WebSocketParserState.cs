namespace TypedSockets.WebSockets;

/// <summary>Where the frame parser is inside the current frame.</summary>
internal enum WebSocketParserState
{
    Header,
    Length16,
    Length64,
    MaskKey,
    Payload,

    /// <summary>A protocol error was reported; nothing more is parsed until a reset.</summary>
    Failed,
}
