using TypedSockets.SocketIO;

namespace TypedSockets.Hubs;

/// <summary>
/// Typed proxies for groups of clients of one namespace; every call on a proxy is one emit, serialized once.
/// A connection id is also a room that holds only that connection.
/// </summary>
public class HubClients<TClient>
    where TClient : class
{
    private readonly Func<ClientTarget, TClient> _createProxy;
    private TClient? _all;

    internal HubClients(Namespace @namespace, Func<ClientTarget, TClient> createProxy, TimeSpan resultTimeout)
    {
        Namespace = @namespace;
        _createProxy = createProxy;
        ResultTimeout = resultTimeout;
    }

    /// <summary>Every connection of the namespace.</summary>
    public TClient All => _all ??= Create(new BroadcastOperator(Namespace, null, null, null));

    internal Namespace Namespace { get; }

    internal TimeSpan ResultTimeout { get; }

    /// <summary>One connection, by its id.</summary>
    public TClient Client(string connectionId) => Room(connectionId);

    /// <summary>Every connection in <paramref name="room"/>.</summary>
    public TClient Room(string room) => Create(Namespace.To(room));

    /// <summary>Every connection in at least one of <paramref name="rooms"/> (each gets the event once).</summary>
    public TClient Rooms(params string[] rooms)
    {
        ArgumentNullException.ThrowIfNull(rooms);
        var broadcast = new BroadcastOperator(Namespace, rooms.Length == 0 ? [] : null, null, null);
        foreach (var room in rooms)
        {
            broadcast = broadcast.To(room);
        }

        return Create(broadcast);
    }

    /// <summary>Every connection of the namespace but those in <paramref name="rooms"/> (connection ids included).</summary>
    public TClient Except(params string[] rooms)
    {
        ArgumentNullException.ThrowIfNull(rooms);
        var broadcast = new BroadcastOperator(Namespace, null, null, null);
        foreach (var room in rooms)
        {
            broadcast = broadcast.Except(room);
        }

        return Create(broadcast);
    }

    /// <summary>A proxy over any recipients the low-level API selects.</summary>
    public TClient Broadcast(BroadcastOperator broadcast) => Create(broadcast);

    private protected TClient Create(BroadcastOperator broadcast) => _createProxy(new ClientTarget(broadcast, ResultTimeout));

    private protected TClient Create(Socket socket) => _createProxy(new ClientTarget(socket, ResultTimeout));
}
