namespace TypedSockets.EngineIO;

/// <summary>
/// The seam between a session and the way its packets travel (long-polling or WebSocket). The session owns
/// the outbound queue and the heartbeat; a transport only moves what the session hands it.
/// </summary>
internal abstract class EngineTransport
{
    /// <summary>The transport name of the protocol: <c>polling</c> or <c>websocket</c>.</summary>
    public abstract string Name { get; }

    /// <summary>Something was queued or the session's state changed. Called under the session lock; must not block.</summary>
    public abstract void Wake();

    /// <summary>
    /// The session closed. Returns true when the transport still hands queued packets to the client and
    /// calls <see cref="EngineSession.Remove"/> itself once done; false when the session can be forgotten now.
    /// </summary>
    public abstract bool OnSessionClosed(EngineCloseMode mode);
}
