namespace TypedSockets.SocketIO;

/// <summary>The socket disconnected before it acknowledged an emit.</summary>
public sealed class SocketDisconnectedException : Exception
{
    /// <summary>Socket <paramref name="socketId"/> went away before it answered.</summary>
    /// <param name="socketId">The Socket.IO id.</param>
    public SocketDisconnectedException(string socketId)
        : base($"Socket {socketId} disconnected before it acknowledged.")
    {
        SocketId = socketId;
    }

    /// <summary>The Socket.IO id of the socket that went away.</summary>
    public string SocketId { get; }
}
