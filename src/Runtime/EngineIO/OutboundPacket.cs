namespace TypedSockets.EngineIO;

/// <summary>
/// One entry of a session's outbound queue: a shared <see cref="EngineMessage"/> (retained while queued)
/// or a ping, the one packet without payload the server queues.
/// </summary>
/// <remarks>
/// One reference and nothing else (no message means a ping): a session's queue and its transport's send batch
/// hold one inline and an array of these only when several wait at once.
/// </remarks>
internal readonly struct OutboundPacket
{
    private OutboundPacket(EngineMessage? message) => Message = message;

    public static OutboundPacket Ping => new(null);

    /// <summary>The message, or null for a ping.</summary>
    public EngineMessage? Message { get; }

    public EnginePacketType Type => Message is null ? EnginePacketType.Ping : EnginePacketType.Message;

    public static OutboundPacket For(EngineMessage message) => new(message);

    /// <summary>Drops the queue's reference; called exactly once per entry, whether it was sent or not.</summary>
    public void Release() => Message?.Release();
}
