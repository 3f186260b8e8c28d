namespace TypedSockets.SocketIO;

/// <summary>
/// One event a client sent, as its handler sees it. <see cref="Arguments"/> is valid until the handler's task
/// completes. When the client asked for an acknowledgement (<see cref="WantsAck"/>), answer with one <c>Ack</c>.
/// </summary>
public readonly struct SocketIOEvent
{
    internal SocketIOEvent(Socket socket, string name, EventArguments arguments, long ackId)
    {
        Socket = socket;
        Name = name;
        Arguments = arguments;
        AckId = ackId;
    }

    public Socket Socket { get; }

    public string Name { get; }

    public EventArguments Arguments { get; }

    /// <summary>The client's ack id, or -1 when it asked for none.</summary>
    public long AckId { get; }

    public bool WantsAck => AckId >= 0;

    /// <summary>Acknowledges with no arguments; false when no ack was asked for or the socket is gone.</summary>
    public bool Ack() => Ack(0, static (_, _) => { });

    /// <summary>Acknowledges with one argument of pre-serialized JSON.</summary>
    public bool Ack(ReadOnlySpan<byte> argumentJson) => Ack(argumentJson, static (writer, json) => writer.WriteJson(json));

    /// <summary>Acknowledges with the arguments <paramref name="write"/> writes.</summary>
    public bool Ack<TState>(TState state, WriteArguments<TState> write)
        where TState : allows ref struct
    {
        if (!WantsAck)
        {
            return false;
        }

        return Socket.SendAck(AckId, state, write);
    }
}
