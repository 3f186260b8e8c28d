namespace TypedSockets.SocketIO;

/// <summary>Waits for the client's ACK of a server emit; one per emit (shared by all recipients of a broadcast).</summary>
internal abstract class AckReceiver
{
    /// <summary><paramref name="arguments"/> owns its memory.</summary>
    public abstract void OnAck(Socket socket, EventArguments arguments);

    public abstract void OnDisconnected(Socket socket);
}
