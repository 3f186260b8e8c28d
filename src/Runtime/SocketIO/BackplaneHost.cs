namespace TypedSockets.SocketIO;

/// <summary>
/// What a backplane delivers through: the namespaces of the server it serves, and the entry points that hand what
/// other nodes sent to the sockets of this node with the local serialize-once path. The server gives its backplane
/// one in <see cref="ISocketIOBackplane.Attach"/>; nothing else reaches these entry points.
/// </summary>
public sealed partial class BackplaneHost
{
    private readonly SocketIOServer _server;

    internal BackplaneHost(SocketIOServer server) => _server = server;

    /// <summary>The namespaces declared on this node so far.</summary>
    public ICollection<Namespace> Namespaces => _server.Namespaces;

    /// <summary>Delivers a packet another node encoded to the matching sockets of <paramref name="nsp"/> here; returns how many it reached.</summary>
    /// <param name="nsp">The namespace the packet was broadcast in.</param>
    /// <param name="packet">The encoded Socket.IO packet, valid during the call.</param>
    /// <param name="attachments">Its binary attachments, valid during the call.</param>
    /// <param name="rooms">The rooms addressed; null for every socket of the namespace.</param>
    /// <param name="exceptRooms">The rooms left out, or null.</param>
    public int Deliver(Namespace nsp, ReadOnlySpan<byte> packet, ReadOnlySpan<ReadOnlyMemory<byte>> attachments, string[]? rooms, string[]? exceptRooms)
    {
        ArgumentNullException.ThrowIfNull(nsp);
        return nsp.DeliverFromBackplane(packet, attachments, rooms, exceptRooms);
    }

    /// <summary>
    /// Delivers a packet that asks for acknowledgements (its ack id replaced by one of this node) and collects the
    /// answers of the sockets here until all answered or <paramref name="timeout"/> passed.
    /// </summary>
    /// <param name="nsp">The namespace the packet was broadcast in.</param>
    /// <param name="packet">The encoded Socket.IO packet, valid during the call.</param>
    /// <param name="attachments">Its binary attachments, valid during the call.</param>
    /// <param name="rooms">The rooms addressed; null for every socket of the namespace.</param>
    /// <param name="exceptRooms">The rooms left out, or null.</param>
    /// <param name="timeout">How long to wait for the answers.</param>
    /// <param name="cancellationToken">Stops the wait.</param>
    public Task<BroadcastAckResult> DeliverWithAckAsync(Namespace nsp, ReadOnlySpan<byte> packet, ReadOnlySpan<ReadOnlyMemory<byte>> attachments, string[]? rooms, string[]? exceptRooms, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(nsp);
        return nsp.DeliverFromBackplaneWithAckAsync(packet, attachments, rooms, exceptRooms, timeout, cancellationToken);
    }

    /// <summary>Makes the matching sockets of <paramref name="nsp"/> here join, leave or disconnect.</summary>
    /// <param name="nsp">The namespace of the command.</param>
    /// <param name="command">Join, leave or disconnect.</param>
    /// <param name="rooms">The rooms selected; null for every socket of the namespace.</param>
    /// <param name="exceptRooms">The rooms left out, or null.</param>
    /// <param name="argument">The room to join or leave, or <c>close</c> to close whole connections on disconnect.</param>
    public void Apply(Namespace nsp, BackplaneCommand command, string[]? rooms, string[]? exceptRooms, string? argument)
    {
        ArgumentNullException.ThrowIfNull(nsp);
        nsp.Apply(command, rooms, exceptRooms, null, argument);
    }

    /// <summary>Runs the handler of a server-side event another node sent (see <see cref="Namespace.OnServerSideEvent"/>); unknown events are dropped.</summary>
    /// <param name="nsp">The namespace of the event.</param>
    /// <param name="eventName">The event name.</param>
    /// <param name="argumentJson">One JSON value, or empty.</param>
    public ValueTask RaiseServerSideEventAsync(Namespace nsp, string eventName, ReadOnlyMemory<byte> argumentJson)
    {
        ArgumentNullException.ThrowIfNull(nsp);
        ArgumentNullException.ThrowIfNull(eventName);
        return nsp.RaiseServerSideEventAsync(eventName, argumentJson);
    }

    /// <summary>
    /// Counts one message this node published to the other nodes (<c>typedsockets.backplane.messages.published</c>).
    /// </summary>
    /// <param name="messageKind">What the message is, a short fixed word of the backplane's (<c>broadcast</c>, <c>command</c>…), never client input.</param>
    public void ReportPublished(string messageKind)
    {
        ArgumentNullException.ThrowIfNull(messageKind);
        _server.Metrics.BackplanePublished(messageKind);
    }

    /// <summary>Counts one message received from another node (<c>typedsockets.backplane.messages.received</c>).</summary>
    /// <param name="messageKind">What the message is, as for <see cref="ReportPublished"/>.</param>
    public void ReportReceived(string messageKind)
    {
        ArgumentNullException.ThrowIfNull(messageKind);
        _server.Metrics.BackplaneReceived(messageKind);
    }

    /// <summary>
    /// Records how long a message took from its publication to its receipt (<c>typedsockets.backplane.lag</c>).
    /// </summary>
    /// <param name="lag">Receipt time minus publication time.</param>
    /// <param name="ownMessage">True for this node's own message coming back (one clock, exact); false for another node's (the two clocks' skew included).</param>
    public void ReportLag(TimeSpan lag, bool ownMessage) => _server.Metrics.BackplaneLag(lag, ownMessage);
}
