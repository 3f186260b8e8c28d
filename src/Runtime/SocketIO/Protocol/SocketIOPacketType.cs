namespace TypedSockets.SocketIO.Protocol;

/// <summary>Socket.IO v5 packet types, sent as their ASCII digit at the start of a packet.</summary>
internal enum SocketIOPacketType : byte
{
    Connect = 0,
    Disconnect = 1,
    Event = 2,
    Ack = 3,
    ConnectError = 4,
    BinaryEvent = 5,
    BinaryAck = 6,
}
