namespace TypedSockets.EngineIO;

/// <summary>What happens to a session's queued packets when it closes.</summary>
internal enum EngineCloseMode
{
    /// <summary>The server closed it on purpose: what was queued still goes out, then the transport closes.</summary>
    Flush,

    /// <summary>Error, timeout or slow consumer: what was queued is dropped.</summary>
    Discard,

    /// <summary>The client sent a close packet: nothing more goes out (a pending poll is ended with a noop).</summary>
    ClientClose,
}
