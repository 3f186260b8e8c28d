using TypedSockets.Hubs.Infrastructure;
using TypedSockets.SocketIO;

namespace TypedSockets.Hubs;

/// <summary>
/// Base of a typed hub: its public methods (those of the client-to-server interface it implements) are the
/// events clients send; <typeparamref name="TClient"/> is the server-to-client interface. A hub with state of its own
/// (instance fields, constructor parameters, <see cref="IDisposable"/>) gets a new instance (through the generated
/// factory, with constructor injection from a per-invocation scope) for every event, connect and disconnect; a hub
/// without any gets one instance per connection, used for one invocation at a time, which nobody can tell apart.
/// Either way, keep state in <see cref="HubCallerContext.Items"/> or in services.
/// </summary>
public abstract class Hub<TClient>
    where TClient : class
{
    private Socket? _socket;
    private Func<ClientTarget, TClient>? _createProxy;
    private TimeSpan _clientResultTimeout;
    private HubCallerContext? _context;
    private HubCallerClients<TClient>? _clients;
    private HubGroups? _groups;

    /// <summary>The caller's connection.</summary>
    public HubCallerContext Context => _context ??= new HubCallerContext(Caller);

    /// <summary>Typed proxies: <c>Caller</c>, <c>Others</c>, <c>All</c>, rooms, connections.</summary>
    public HubCallerClients<TClient> Clients => _clients ??= new HubCallerClients<TClient>(Caller, _createProxy!, _clientResultTimeout);

    /// <summary>Rooms of this namespace.</summary>
    public HubGroups Groups => _groups ??= new HubGroups(Caller.Namespace, Caller);

    private Socket Caller => _socket
        ?? throw new InvalidOperationException("A hub only has a connection while it handles an event; create hubs through MapHub, not by hand.");

    /// <summary>Runs once a client connected to the namespace, before any of its events.</summary>
    public virtual Task OnConnected() => Task.CompletedTask;

    /// <summary>Runs once a client left, with socket.io's reason (see <c>DisconnectReasons</c>).</summary>
    public virtual Task OnDisconnected(string reason) => Task.CompletedTask;

    /// <summary>
    /// Called by the dispatcher before the hub runs. Context, clients and groups are created on first use, so a
    /// method that needs none of them costs no allocation for them.
    /// </summary>
    internal void Attach(Socket socket, Func<ClientTarget, TClient> createProxy, TimeSpan clientResultTimeout)
    {
        ArgumentNullException.ThrowIfNull(socket);
        ArgumentNullException.ThrowIfNull(createProxy);
        _socket = socket;
        _createProxy = createProxy;
        _clientResultTimeout = clientResultTimeout;
    }
}
