namespace TypedSockets.SocketIO.Protocol;

/// <summary>The kind of the next MessagePack value, as <see cref="MessagePackReader.PeekType"/> sees its first byte.</summary>
internal enum MessagePackType : byte
{
    Nil,
    Boolean,
    Integer,
    Float,
    String,
    Binary,
    Array,
    Map,
    Extension,
}
