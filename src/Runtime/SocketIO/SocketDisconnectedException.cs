namespace TypedSockets.SocketIO;

/// <summary>The socket disconnected before it acknowledged an emit.</summary>
public sealed class SocketDisconnectedException : Exception
{
    public SocketDisconnectedException(string socketId)
        : base($"Socket {socketId} disconnected before it acknowledged.")
    {
        SocketId = socketId;
    }

    public string SocketId { get; }
}
