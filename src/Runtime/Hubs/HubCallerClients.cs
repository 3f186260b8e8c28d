using TypedSockets.Hubs.Infrastructure;
using TypedSockets.SocketIO;

namespace TypedSockets.Hubs;

/// <summary><see cref="HubClients{TClient}"/> seen from inside a hub invocation: adds the caller.</summary>
public sealed class HubCallerClients<TClient> : HubClients<TClient>
    where TClient : class
{
    private readonly Socket _caller;
    private TClient? _callerProxy;

    internal HubCallerClients(Socket caller, Func<ClientTarget, TClient> createProxy, TimeSpan resultTimeout)
        : base(caller.Namespace, createProxy, resultTimeout)
    {
        _caller = caller;
    }

    /// <inheritdoc/>
    public override HubCallerClients<TClient> WithTimeout(TimeSpan timeout) => new(_caller, CreateProxy, CheckTimeout(timeout));

    /// <summary>The connection that sent the event being handled.</summary>
    public TClient Caller => _callerProxy ??= Create(_caller);

    /// <summary>Every connection of the namespace but the caller.</summary>
    public TClient Others => Create(_caller.Broadcast);

    /// <summary>Every connection in <paramref name="room"/> but the caller.</summary>
    public TClient OthersInRoom(string room) => Create(_caller.To(room));
}
