namespace TypedSockets.SocketIO.Protocol;

/// <summary>Why an incoming Socket.IO packet was refused; every one of them closes the Engine.IO session.</summary>
internal enum SocketIOParseError
{
    None,
    Empty,
    UnknownPacketType,
    BadAttachmentCount,
    TooManyAttachments,
    BadAckId,
    BadPayload,
    BadEventPayload,
}
