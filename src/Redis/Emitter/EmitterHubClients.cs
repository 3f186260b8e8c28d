using TypedSockets.Hubs.Infrastructure;
using TypedSockets.SocketIO;

namespace TypedSockets.Redis;

/// <summary>
/// Typed proxies for the clients of one hub's namespace, published by a <see cref="TypedSocketsEmitter"/>: the same
/// calls a hub's <c>IHubContext.Clients</c> offers, each one emit to every server of the cluster. Methods with a
/// client result (<c>Task&lt;T&gt;</c>) throw <see cref="NotSupportedException"/>: no answer can reach an emitter.
/// </summary>
/// <typeparam name="TClient">The hub's client interface.</typeparam>
public sealed class EmitterHubClients<TClient>
    where TClient : class
{
    private readonly EmitterOperator _namespace;
    private readonly Func<ClientTarget, TClient> _createProxy;

    internal EmitterHubClients(EmitterOperator nsp, Func<ClientTarget, TClient> createProxy)
    {
        _namespace = nsp;
        _createProxy = createProxy;
    }

    /// <summary>Every client of the hub's namespace.</summary>
    public TClient All => Broadcast(_namespace);

    /// <summary>One connection, by its id.</summary>
    /// <param name="connectionId">The connection id (its own room).</param>
    public TClient Client(string connectionId) => Room(connectionId);

    /// <summary>Every client in <paramref name="room"/>.</summary>
    /// <param name="room">The room.</param>
    public TClient Room(string room) => Broadcast(_namespace.To(room));

    /// <summary>Every client in at least one of <paramref name="rooms"/> (each gets the event once).</summary>
    /// <param name="rooms">The rooms; none addresses nobody.</param>
    public TClient Rooms(params string[] rooms)
    {
        ArgumentNullException.ThrowIfNull(rooms);
        if (rooms.Length == 0)
        {
            return _createProxy(new ClientTarget(NobodySink.Instance));
        }

        var selection = _namespace;
        foreach (var room in rooms)
        {
            selection = selection.To(room);
        }

        return Broadcast(selection);
    }

    /// <summary>Every client of the hub's namespace but those in <paramref name="rooms"/> (connection ids included).</summary>
    /// <param name="rooms">The rooms left out.</param>
    public TClient Except(params string[] rooms)
    {
        ArgumentNullException.ThrowIfNull(rooms);
        var selection = _namespace;
        foreach (var room in rooms)
        {
            selection = selection.Except(room);
        }

        return Broadcast(selection);
    }

    /// <summary>A proxy over any selection of the hub's namespace, for example <c>Broadcast(emitter.Of(ns).To("a").Except("b").Volatile)</c>.</summary>
    /// <param name="selection">The recipients.</param>
    public TClient Broadcast(EmitterOperator selection) => _createProxy(new ClientTarget(new OperatorSink(selection)));

    private sealed class OperatorSink(EmitterOperator selection) : IClientEmitSink
    {
        public void Emit<TState>(string eventName, TState state, WriteArguments<TState> write)
            where TState : allows ref struct
            => selection.Emit(eventName, state, write);
    }

    /// <summary>Rooms() with no room: like the hub context, nobody gets the event.</summary>
    private sealed class NobodySink : IClientEmitSink
    {
        public static readonly NobodySink Instance = new();

        public void Emit<TState>(string eventName, TState state, WriteArguments<TState> write)
            where TState : allows ref struct
        {
        }
    }
}
