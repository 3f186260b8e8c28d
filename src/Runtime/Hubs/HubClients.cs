using TypedSockets.Hubs.Infrastructure;
using TypedSockets.SocketIO;

namespace TypedSockets.Hubs;

/// <summary>
/// Typed proxies for groups of clients of one namespace; every call on a proxy is one emit, serialized once.
/// A connection id is also a room that holds only that connection.
/// </summary>
public class HubClients<TClient>
    where TClient : class
{
    private TClient? _all;

    internal HubClients(Namespace @namespace, Func<ClientTarget, TClient> createProxy, TimeSpan resultTimeout)
    {
        Namespace = @namespace;
        CreateProxy = createProxy;
        ResultTimeout = resultTimeout;
    }

    /// <summary>Every connection of the namespace.</summary>
    public TClient All => _all ??= Create(new BroadcastOperator(Namespace, null, null, null));

    internal Namespace Namespace { get; }

    /// <summary>How long a client result (a <c>Task&lt;T&gt;</c> method) of these proxies waits for answers.</summary>
    internal TimeSpan ResultTimeout { get; }

    private protected Func<ClientTarget, TClient> CreateProxy { get; }

    /// <summary>
    /// The same recipients, with client results (<c>Task&lt;T&gt;</c> methods) that wait at most
    /// <paramref name="timeout"/> instead of <see cref="HubOptions.ClientResultTimeout"/> (socket.io's
    /// <c>io.timeout(ms)</c>): <c>await Clients.WithTimeout(TimeSpan.FromSeconds(2)).Room("red").Confirm("ok?")</c>.
    /// Sent to several clients, a client result waits until each answered or left, at most this long, and returns the
    /// first answer; a <see cref="TimeoutException"/> says that none answered in time.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="timeout"/> is not positive (infinite included).</exception>
    public virtual HubClients<TClient> WithTimeout(TimeSpan timeout) => new(Namespace, CreateProxy, CheckTimeout(timeout));

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

    private protected static TimeSpan CheckTimeout(TimeSpan timeout)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(timeout, TimeSpan.Zero);
        return timeout;
    }

    private protected TClient Create(BroadcastOperator broadcast) => CreateProxy(new ClientTarget(broadcast, ResultTimeout));

    private protected TClient Create(Socket socket) => CreateProxy(new ClientTarget(socket, ResultTimeout));
}
