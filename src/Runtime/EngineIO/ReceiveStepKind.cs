namespace TypedSockets.EngineIO;

/// <summary>What the WebSocket transport's receive loop awaits next, outside any send batch.</summary>
internal enum ReceiveStepKind : byte
{
    /// <summary>Nothing pending: run the next batch.</summary>
    None,

    /// <summary>Waiting for input while nothing is buffered.</summary>
    Read,

    /// <summary>A message the session is still handling (or one still arriving, then handled); its result says whether to read on.</summary>
    Handle,

    /// <summary>The session is over for this connection.</summary>
    Stop,
}
