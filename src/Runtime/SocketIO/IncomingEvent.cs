using TypedSockets.SocketIO.Protocol;

namespace TypedSockets.SocketIO;

/// <summary>An event queued for its socket's handler loop; owns the decoded packet's pooled buffers until <see cref="Release"/>.</summary>
internal readonly struct IncomingEvent
{
    private readonly SocketIOPacket _packet;

    public IncomingEvent(SocketIOPacket packet)
    {
        _packet = packet;
    }

    public byte[] Buffer => _packet.Buffer;

    /// <summary>The event name's raw string token inside <see cref="Buffer"/>.</summary>
    public Range Name => _packet.Name;

    public bool NameEscaped => _packet.NameEscaped;

    public long AckId => _packet.AckId;

    public EventArguments Arguments => _packet.Arguments;

    public void Release()
    {
        var packet = _packet;
        packet.Dispose();
    }
}
