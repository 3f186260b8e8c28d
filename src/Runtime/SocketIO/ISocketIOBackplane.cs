namespace TypedSockets.SocketIO;

/// <summary>
/// The seam between one Socket.IO server and the other nodes of a cluster (socket.io's adapter, SignalR's
/// HubLifetimeManager). Without one the server is a single node and every operation is local. A backplane hears
/// every local membership change (to keep cluster-wide counts and rooms), publishes each broadcast once as the
/// bytes the sending node already encoded, and on receipt hands them to the <see cref="BackplaneHost"/> it was
/// attached to, which delivers them with the local serialize-once path.
/// Membership hooks are called under the namespace's lock: they must not block and must not call back into it.
/// </summary>
public interface ISocketIOBackplane
{
    /// <summary>Called once by the server this backplane serves, from its constructor.</summary>
    /// <param name="host">The server's namespaces and the entry points that deliver what other nodes sent.</param>
    void Attach(BackplaneHost host);

    /// <summary>A namespace was declared on this node: from now on it has recipients for that namespace's traffic.</summary>
    void OnNamespaceAdded(Namespace nsp);

    /// <summary>A socket connected to <paramref name="nsp"/> on this node.</summary>
    /// <param name="nsp">Its namespace.</param>
    /// <param name="socketId">Its Socket.IO id.</param>
    void OnSocketAdded(Namespace nsp, string socketId);

    /// <summary>A socket of this node left <paramref name="nsp"/>.</summary>
    /// <param name="nsp">Its namespace.</param>
    /// <param name="socketId">Its Socket.IO id.</param>
    /// <param name="rooms">The rooms it was in besides its own id room; read them before returning.</param>
    void OnSocketRemoved(Namespace nsp, string socketId, IReadOnlyCollection<string> rooms);

    /// <summary>A socket of this node joined <paramref name="room"/>.</summary>
    /// <param name="nsp">Its namespace.</param>
    /// <param name="socketId">Its Socket.IO id.</param>
    /// <param name="room">The room.</param>
    void OnJoined(Namespace nsp, string socketId, string room);

    /// <summary>A socket of this node left <paramref name="room"/>.</summary>
    /// <param name="nsp">Its namespace.</param>
    /// <param name="socketId">Its Socket.IO id.</param>
    /// <param name="room">The room.</param>
    void OnLeft(Namespace nsp, string socketId, string room);

    /// <summary>
    /// Sends an encoded packet to the other nodes, once. <paramref name="packet"/> is valid only during the call.
    /// <paramref name="rooms"/> null means every socket of the namespace.
    /// </summary>
    void PublishBroadcast(Namespace nsp, BackplanePacket packet, string[]? rooms, string[]? exceptRooms);

    /// <summary>
    /// Sends a packet that asks for acknowledgements to the other nodes and collects what their recipients answered
    /// until every node reported or <paramref name="timeout"/> passed. The packet's ack id is this node's; each
    /// receiving node replaces it with one of its own. <paramref name="packet"/> is valid only until the method returns.
    /// </summary>
    Task<BroadcastAckResult> PublishBroadcastWithAckAsync(Namespace nsp, BackplanePacket packet, string[]? rooms, string[]? exceptRooms, TimeSpan timeout, CancellationToken cancellationToken);

    /// <summary>Makes the matching sockets on the other nodes join, leave or disconnect (<paramref name="argument"/>: the room, or <c>close</c>).</summary>
    void PublishCommand(Namespace nsp, BackplaneCommand command, string[]? rooms, string[]? exceptRooms, string? argument);

    /// <summary>An event for the servers (not the clients) of the other nodes.</summary>
    void PublishServerSideEvent(Namespace nsp, string eventName, ReadOnlySpan<byte> argumentJson);

    /// <summary>Sockets of the namespace (<paramref name="room"/> null) or of one room across the cluster.</summary>
    ValueTask<int> CountAsync(Namespace nsp, string? room, CancellationToken cancellationToken);

    /// <summary>Ids of the sockets of the namespace (<paramref name="room"/> null) or of one room across the cluster.</summary>
    ValueTask<IReadOnlyList<string>> FetchSocketIdsAsync(Namespace nsp, string? room, CancellationToken cancellationToken);
}
