using System.Text;

namespace TypedSockets.SocketIO;

/// <summary>
/// One event a client sent, as its handler sees it. <see cref="Arguments"/> is valid until the handler's task
/// completes. When the client asked for an acknowledgement (<see cref="WantsAck"/>), answer with one <c>Ack</c>.
/// </summary>
public readonly struct SocketIOEvent
{
    private readonly string? _name;

    internal SocketIOEvent(Socket socket, string? name, ReadOnlyMemory<byte> nameUtf8, EventArguments arguments, long ackId)
    {
        Socket = socket;
        _name = name;
        NameUtf8 = nameUtf8;
        Arguments = arguments;
        AckId = ackId;
    }

    /// <summary>The socket that sent the event.</summary>
    public Socket Socket { get; }

    /// <summary>The event name (allocated on each read for events that reached <see cref="Socket.OnAny"/> unmatched).</summary>
    public string Name => _name ?? Encoding.UTF8.GetString(NameUtf8.Span);

    /// <summary>The event name as UTF-8, valid as long as <see cref="Arguments"/>.</summary>
    public ReadOnlyMemory<byte> NameUtf8 { get; }

    /// <summary>The event's arguments (the name excluded), valid until the handler's task completes.</summary>
    public EventArguments Arguments { get; }

    /// <summary>The client's ack id, or -1 when it asked for none.</summary>
    public long AckId { get; }

    /// <summary>True when the client asked for an acknowledgement.</summary>
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
