namespace TypedSockets.SocketIO.Protocol;

/// <summary>Socket.IO v5 packet types, sent as their ASCII digit at the start of a packet.</summary>
internal enum SocketIOPacketType : byte
{
    /// <summary>A client joins a namespace (with its auth payload); the server answers with the socket id.</summary>
    Connect = 0,

    /// <summary>Either side leaves a namespace.</summary>
    Disconnect = 1,

    /// <summary>An event: a JSON array of the name and its arguments, with an ack id when an answer is wanted.</summary>
    Event = 2,

    /// <summary>The answer to an event that carried an ack id: a JSON array of arguments.</summary>
    Ack = 3,

    /// <summary>The server refused a CONNECT: <c>{"message":…[,"data":…]}</c>.</summary>
    ConnectError = 4,

    /// <summary>An event whose arguments hold binary attachments, which follow it as binary messages.</summary>
    BinaryEvent = 5,

    /// <summary>An acknowledgement whose arguments hold binary attachments.</summary>
    BinaryAck = 6,
}
