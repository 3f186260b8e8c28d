using TypedSockets.SocketIO;

namespace TypedSockets.Client;

/// <summary>One event the server sent, as the client's handler sees it; the arguments own their memory.</summary>
public readonly struct SocketIOClientEvent
{
    private readonly SocketIOClient _client;

    internal SocketIOClientEvent(SocketIOClient client, string name, EventArguments arguments, long ackId, CancellationToken disconnected)
    {
        _client = client;
        Name = name;
        Arguments = arguments;
        AckId = ackId;
        Disconnected = disconnected;
    }

    /// <summary>The event name, unescaped.</summary>
    public string Name { get; }

    /// <summary>The arguments after the name (binary attachments included); memory of their own, valid after the handler returns.</summary>
    public EventArguments Arguments { get; }

    /// <summary>The server's ack id, or -1 when it asked for none.</summary>
    public long AckId { get; }

    /// <summary>True when the server waits for an acknowledgement: answer it once, with <see cref="Ack()"/> or <see cref="Ack{TState}"/>.</summary>
    public bool WantsAck => AckId >= 0;

    /// <summary>Cancelled when the connection this event came on ends.</summary>
    public CancellationToken Disconnected { get; }

    /// <summary>Acknowledges with no arguments; false when no ack was asked for or the connection is gone.</summary>
    public bool Ack() => Ack(0, static (_, _) => { });

    /// <summary>Acknowledges with the arguments <paramref name="write"/> writes.</summary>
    public bool Ack<TState>(TState state, WriteArguments<TState> write)
        where TState : allows ref struct
        => WantsAck && _client.SendAck(AckId, state, write);
}
