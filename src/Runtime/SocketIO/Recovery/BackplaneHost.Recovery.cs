namespace TypedSockets.SocketIO;

/// <summary>The entry points of a backplane that keeps connection state recovery in the cluster (<see cref="ISocketIORecoveryBackplane"/>).</summary>
public sealed partial class BackplaneHost
{
    /// <summary>The server's connection state recovery settings: the window and caps a cluster log is bounded by.</summary>
    public ConnectionStateRecoveryOptions RecoveryOptions => _server.Options.ConnectionStateRecovery;

    /// <summary>
    /// Delivers a recoverable event in the cluster's order: <paramref name="offset"/> is written in as its last
    /// argument, the packet is kept for recovery and sent to the matching sockets of <paramref name="nsp"/> here.
    /// Offsets must grow; a packet at or below the last delivered one is dropped (a duplicate). Returns how many it reached.
    /// </summary>
    /// <param name="nsp">The namespace.</param>
    /// <param name="offset">Its place in the cluster's order of the namespace (positive, growing).</param>
    /// <param name="packet">The encoded event without the offset, valid during the call.</param>
    /// <param name="attachments">Its binary attachments, valid during the call.</param>
    /// <param name="rooms">The rooms addressed; null for every socket of the namespace.</param>
    /// <param name="exceptRooms">The rooms left out, or null.</param>
    /// <param name="exceptSocketId">The socket left out, or null.</param>
    /// <param name="targetSocketId">The one socket it is for, or null.</param>
    /// <param name="localToNode">The node mark of a <c>Local</c> emit (as given to <see cref="ISocketIORecoveryBackplane.PublishRecoverable"/>), or null.</param>
    public int DeliverRecoverable(Namespace nsp, long offset, ReadOnlySpan<byte> packet, ReadOnlySpan<ReadOnlyMemory<byte>> attachments, string[]? rooms, string[]? exceptRooms, string? exceptSocketId, string? targetSocketId, string? localToNode)
    {
        ArgumentNullException.ThrowIfNull(nsp);
        return nsp.Recovery is { } recovery ? recovery.Deliver(nsp, offset, packet, attachments, rooms, exceptRooms, exceptSocketId, targetSocketId, localToNode) : 0;
    }

    /// <summary>
    /// Tells <paramref name="nsp"/> that recoverable packets may have been lost on the way here (the backplane lost
    /// its connection): a client that missed anything before the next delivered packet is not recovered here.
    /// </summary>
    /// <param name="nsp">The namespace.</param>
    public void MarkRecoveryGap(Namespace nsp)
    {
        ArgumentNullException.ThrowIfNull(nsp);
        nsp.Recovery?.MarkGap();
    }
}
