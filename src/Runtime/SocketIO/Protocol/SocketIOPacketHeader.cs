namespace TypedSockets.SocketIO.Protocol;

/// <summary>
/// The fields of one encoded Socket.IO packet, as offsets into the text they were parsed from:
/// <c>&lt;type&gt;[&lt;attachments&gt;-][&lt;namespace&gt;,][&lt;ack id&gt;][payload]</c>.
/// </summary>
internal readonly struct SocketIOPacketHeader
{
    public SocketIOPacketHeader(SocketIOPacketType type, int attachments, Range @namespace, long ackId, Range payload)
    {
        Type = type;
        Attachments = attachments;
        Namespace = @namespace;
        AckId = ackId;
        Payload = payload;
    }

    /// <summary>The packet type, from the first character.</summary>
    public SocketIOPacketType Type { get; }

    /// <summary>Binary attachments that follow the packet (0 for non-binary types).</summary>
    public int Attachments { get; }

    /// <summary>The namespace text (without the comma); empty for the main namespace <c>/</c>.</summary>
    public Range Namespace { get; }

    /// <summary>The acknowledgement id, or -1 when the packet carries none.</summary>
    public long AckId { get; }

    /// <summary>The JSON payload; empty when the packet carries none.</summary>
    public Range Payload { get; }

    /// <summary>True when the packet carries an acknowledgement id.</summary>
    public bool HasAckId => AckId >= 0;

    /// <summary>True for BINARY_EVENT and BINARY_ACK, whose attachments follow as binary messages.</summary>
    public bool IsBinary => Type is SocketIOPacketType.BinaryEvent or SocketIOPacketType.BinaryAck;
}
