using TypedSockets.SocketIO;

namespace TypedSockets.Redis.Emitter;

/// <summary>How an emitter's messages are written and which channels they go to: one implementation per backplane protocol.</summary>
internal abstract class EmitterProtocol
{
    /// <summary>Publishes an encoded event packet to the nodes serving <paramref name="nsp"/>.</summary>
    public abstract void PublishBroadcast(string nsp, OutgoingPacket packet, string[]? rooms, string[]? exceptRooms, bool isVolatile);

    /// <summary>Publishes socketsJoin, socketsLeave or disconnectSockets to the nodes serving <paramref name="nsp"/>.</summary>
    public abstract void PublishCommand(string nsp, BackplaneCommand command, string[]? rooms, string[]? exceptRooms, string? argument);

    /// <summary>Publishes a server-side event (no acknowledgement) to the nodes serving <paramref name="nsp"/>.</summary>
    public abstract void PublishServerSideEvent(string nsp, string eventName, ReadOnlySpan<byte> argumentJson);
}
