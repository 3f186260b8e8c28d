namespace TypedSockets.SocketIO.Protocol;

/// <summary>Why a Socket.IO packet was refused; on either side the peer that sent it broke the protocol and its connection is closed.</summary>
internal enum SocketIOParseError
{
    /// <summary>The packet is well formed.</summary>
    None,

    /// <summary>An Engine.IO message with no Socket.IO packet in it.</summary>
    Empty,

    /// <summary>The first character is not a packet type (0 to 6).</summary>
    UnknownPacketType,

    /// <summary>A binary packet without a positive attachment count followed by <c>-</c>.</summary>
    BadAttachmentCount,

    /// <summary>More attachments than the receiver allows.</summary>
    TooManyAttachments,

    /// <summary>An ack id that is not a JavaScript-safe integer, or an acknowledgement without one.</summary>
    BadAckId,

    /// <summary>A payload of the wrong shape for its packet type.</summary>
    BadPayload,

    /// <summary>An event payload that is not a JSON array whose first element is a string (the event name).</summary>
    BadEventPayload,
}
