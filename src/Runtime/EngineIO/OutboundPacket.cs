namespace TypedSockets.EngineIO;

/// <summary>
/// One entry of a session's outbound queue: a shared <see cref="EngineMessage"/> (retained while queued)
/// or a packet without payload such as a ping.
/// </summary>
internal readonly struct OutboundPacket
{
    private OutboundPacket(EngineMessage? message, EnginePacketType type)
    {
        Message = message;
        Type = type;
    }

    public static OutboundPacket Ping => new(null, EnginePacketType.Ping);

    /// <summary>The message, or null for a packet that is only its type.</summary>
    public EngineMessage? Message { get; }

    public EnginePacketType Type { get; }

    public static OutboundPacket For(EngineMessage message) => new(message, EnginePacketType.Message);

    /// <summary>Drops the queue's reference; called exactly once per entry, whether it was sent or not.</summary>
    public void Release() => Message?.Release();
}
