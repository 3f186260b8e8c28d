namespace TypedSockets.SocketIO;

/// <summary>
/// A socket was asked to join a room while already in <see cref="SocketIOOptions.MaxRoomsPerSocket"/> rooms; it
/// stays out of that room. Rooms are joined by server code, usually on a client's request, so the client is the
/// cause: a hub method that lets this escape answers its caller with an error acknowledgement (the message below)
/// and the server logs a rate-limited warning without a stack trace. Catch it to answer the client otherwise.
/// </summary>
public sealed class RoomLimitExceededException : InvalidOperationException
{
    /// <summary>The refusal of <paramref name="room"/> for a socket already in <paramref name="limit"/> rooms.</summary>
    /// <param name="room">The room that was not joined.</param>
    /// <param name="limit">The limit in force.</param>
    public RoomLimitExceededException(string room, int limit)
        : base($"Room limit reached: a connection may be in at most {limit} rooms.")
    {
        Room = room;
        Limit = limit;
    }

    /// <summary>The room that was not joined.</summary>
    public string Room { get; }

    /// <summary>The limit in force (<see cref="SocketIOOptions.MaxRoomsPerSocket"/>).</summary>
    public int Limit { get; }
}
