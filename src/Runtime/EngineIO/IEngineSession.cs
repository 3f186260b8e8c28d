namespace TypedSockets.EngineIO;

/// <summary>
/// What the layer above Engine.IO (Socket.IO) sees of one Engine.IO session, whatever its transport
/// (long-polling, WebSocket, or polling upgraded to WebSocket).
/// </summary>
public interface IEngineSession
{
    /// <summary>The Engine.IO session id (<c>sid</c>).</summary>
    string Id { get; }

    /// <summary>The request that opened the session, captured so it stays valid after that request ended.</summary>
    EngineHandshake Handshake { get; }

    /// <summary>Cancelled when the session ends, whichever way it ends.</summary>
    CancellationToken Closed { get; }

    /// <summary>
    /// Queues a message for this session. The session retains <paramref name="message"/> while queued,
    /// so one message can go to many sessions; the caller keeps (and later releases) its own reference.
    /// Returns false when the session is closed, or when the outbound bound was exceeded and the
    /// session was closed for it.
    /// </summary>
    bool Send(EngineMessage message);


    /// <summary>Closes the session (sends an Engine.IO close where the transport allows) with a reason for the logs.</summary>
    void Close(string reason);
}
