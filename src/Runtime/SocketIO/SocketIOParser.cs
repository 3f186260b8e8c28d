namespace TypedSockets.SocketIO;

/// <summary>How Socket.IO packets are encoded on the wire (socket.io's <c>parser</c> option); every client must use the same one.</summary>
public enum SocketIOParser
{
    /// <summary>socket.io's default parser: a text message per packet, binary data as separate attachments.</summary>
    Json = 0,

    /// <summary>
    /// socket.io-msgpack-parser 3.x: each packet is one binary message holding a MessagePack map
    /// <c>{type, data, nsp, id}</c>, binary data as MessagePack bin values inside it.
    /// </summary>
    MessagePack = 1,
}
