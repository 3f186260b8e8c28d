namespace TypedSockets.SocketIO;

/// <summary>
/// A backplane that keeps connection state recovery in the cluster, so a client can come back on another node. It
/// gives every recoverable packet of a namespace its place in one cluster-wide order (its offset) and hands it back to
/// every node, this one included, through <see cref="BackplaneHost.DeliverRecoverable"/> in that order; and it keeps
/// the sessions of sockets that lost their connection where every node can take them, once.
/// A backplane without it cannot serve a server with recovery on (the server refuses to start).
/// </summary>
public interface ISocketIORecoveryBackplane
{
    /// <summary>
    /// Orders and sends a recoverable event (encoded without its offset, valid only during the call) to every node,
    /// this one included. Each node writes the offset in, keeps it and sends it to its matching sockets.
    /// </summary>
    /// <param name="nsp">The namespace.</param>
    /// <param name="packet">The encoded event, without the offset argument.</param>
    /// <param name="rooms">The rooms addressed; null for every socket of the namespace.</param>
    /// <param name="exceptRooms">The rooms left out, or null.</param>
    /// <param name="exceptSocketId">The sending socket left out (<c>Socket.Broadcast</c>), or null.</param>
    /// <param name="targetSocketId">The one socket it is for (a socket's own emit), or null.</param>
    /// <param name="localToNode">
    /// For a <c>Local</c> emit, an opaque mark of the sending node (null otherwise): every node keeps it in order, only the
    /// sending node sends it, and it is replayed only to sessions that were on that node.
    /// </param>
    void PublishRecoverable(Namespace nsp, BackplanePacket packet, string[]? rooms, string[]? exceptRooms, string? exceptSocketId, string? targetSocketId, string? localToNode);

    /// <summary>Keeps a session (opaque bytes) under <paramref name="pid"/> for <paramref name="window"/>; fire and forget.</summary>
    /// <param name="nsp">The namespace.</param>
    /// <param name="pid">The private session id.</param>
    /// <param name="session">The session, encoded by the server.</param>
    /// <param name="window">How long it may be taken back.</param>
    void KeepSession(Namespace nsp, string pid, ReadOnlyMemory<byte> session, TimeSpan window);

    /// <summary>Takes the session <paramref name="pid"/> out, atomically across the cluster: null when unknown, expired or already taken.</summary>
    /// <param name="nsp">The namespace.</param>
    /// <param name="pid">The private session id the client sent.</param>
    /// <param name="cancellationToken">Stops the wait.</param>
    ValueTask<byte[]?> TakeSessionAsync(Namespace nsp, string pid, CancellationToken cancellationToken);
}
