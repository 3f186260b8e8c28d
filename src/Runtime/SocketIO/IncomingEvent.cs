using TypedSockets.SocketIO.Protocol;

namespace TypedSockets.SocketIO;

/// <summary>An event queued for its socket's handler loop; owns the decoded packet's pooled buffers until <see cref="Release"/>.</summary>
internal readonly struct IncomingEvent
{
    private readonly SocketIOPacket _packet;

    // The client's trace context, when its last argument is a carrier (taken off the arguments handlers see).
    private readonly bool _traced;

    public IncomingEvent(SocketIOPacket packet)
    {
        _packet = packet;
        var arguments = packet.Arguments;
        _traced = arguments.Count > 0 && Diagnostics.TraceCarrier.IsCarrier(arguments[arguments.Count - 1].Span);
    }

    public byte[] Buffer => _packet.Buffer;

    /// <summary>The event name's raw string token inside <see cref="Buffer"/>.</summary>
    public Range Name => _packet.Name;

    public bool NameEscaped => _packet.NameEscaped;

    public long AckId => _packet.AckId;

    public EventArguments Arguments => _traced ? _packet.Arguments.WithoutLast() : _packet.Arguments;

    /// <summary>The trace carrier the client sent as the last argument, or empty.</summary>
    public ReadOnlySpan<byte> TraceCarrier => _traced ? _packet.Arguments[_packet.Arguments.Count - 1].Span : default;

    public void Release()
    {
        var packet = _packet;
        packet.Dispose();
    }
}
