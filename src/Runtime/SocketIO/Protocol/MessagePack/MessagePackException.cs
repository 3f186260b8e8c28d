namespace TypedSockets.SocketIO.Protocol;

/// <summary>
/// The one error <see cref="MessagePackReader"/> raises for input that is not well-formed MessagePack, is truncated,
/// nests deeper than allowed or holds a value of another type than the caller asked for. Callers at a trust
/// boundary (a client frame, a Redis message) catch this type alone: any other exception is a bug.
/// </summary>
internal sealed class MessagePackException : Exception
{
    public MessagePackException(string message)
        : base(message)
    {
    }

    public MessagePackException()
    {
    }

    public MessagePackException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
