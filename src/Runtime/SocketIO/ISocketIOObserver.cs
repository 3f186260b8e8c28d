namespace TypedSockets.SocketIO;

/// <summary>
/// Watches what happens to the sockets of one <see cref="SocketIOServer"/> on this node: sockets connecting and
/// disconnecting, rooms joined and left, events received and sent. Tools such as an admin dashboard attach one with
/// <see cref="SocketIOServer.AddObserver"/>; a server without observers does not call anything (one null check).
/// </summary>
/// <remarks>
/// Calls come from the thread that caused the change (a receive loop, a handler, a timer) and must not block;
/// several can run at once. A method must not throw: an exception propagates into the code that caused the change.
/// </remarks>
public interface ISocketIOObserver
{
    /// <summary>A socket connected (its CONNECT answer went out).</summary>
    /// <param name="socket">The socket.</param>
    void OnSocketConnected(Socket socket);

    /// <summary>A socket disconnected, whichever way.</summary>
    /// <param name="socket">The socket; it is no longer in any room.</param>
    /// <param name="reason">socket.io's reason, such as <c>client namespace disconnect</c> or <c>transport close</c>.</param>
    void OnSocketDisconnected(Socket socket, string reason);

    /// <summary>A socket joined a room (not called again when it was already in it).</summary>
    /// <param name="socket">The socket.</param>
    /// <param name="room">The room.</param>
    void OnRoomJoined(Socket socket, string room);

    /// <summary>A socket left a room it was in (not called for the rooms it leaves by disconnecting).</summary>
    /// <param name="socket">The socket.</param>
    /// <param name="room">The room.</param>
    void OnRoomLeft(Socket socket, string room);

    /// <summary>An event from a client is about to be handed to its handler.</summary>
    /// <param name="incoming">The event; its arguments are valid during the call only.</param>
    void OnEventReceived(in SocketIOEvent incoming);

    /// <summary>An event was queued for a client, by an emit to that socket or a broadcast that reached it.</summary>
    /// <param name="socket">The receiving socket.</param>
    /// <param name="eventJson">The event as a JSON array, its name first (binary arguments as placeholders); valid during the call only.</param>
    void OnEventSent(Socket socket, ReadOnlySpan<byte> eventJson);
}
