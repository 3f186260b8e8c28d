namespace TypedSockets.SocketIO;

/// <summary>
/// Receives every event of one socket before its handlers by name: a typed hub installs one per socket and matches
/// the name once, on its UTF-8 bytes. An event the sink does not know goes on to <see cref="Socket.On"/>'s handlers
/// and then <see cref="Socket.OnAny"/>.
/// </summary>
internal interface ISocketEventSink
{
    /// <summary>
    /// Starts the handling of <paramref name="incoming"/> when the sink knows its name; false leaves it to the
    /// socket's other handlers. Called on the socket's handler loop, one event at a time.
    /// </summary>
    bool TryDispatch(in SocketIOEvent incoming, out ValueTask pending);

    /// <summary>
    /// Runs once after the socket disconnected, with socket.io's reason, among the handlers of
    /// <see cref="Socket.OnDisconnect"/> in the place it would have had as one of them (registered with the sink): a
    /// method of the sink rather than a delegate, which every connection would keep.
    /// </summary>
    ValueTask OnDisconnectedAsync(string reason);
}
