using TypedSockets.EngineIO;
using TypedSockets.SocketIO.Protocol;

namespace TypedSockets.SocketIO;

/// <summary>The reporting calls of the Socket.IO layer to its observers, kept here so the paths they watch stay one line each.</summary>
internal static class SocketIOObservation
{
    /// <summary>Reports an encoded EVENT/BINARY_EVENT to each recipient; anything else (acks, connects) is not an event.</summary>
    internal static void EventSent(ISocketIOObserver observer, EngineMessage text, ReadOnlySpan<Socket> recipients)
    {
        var packet = text.Payload.Span;
        if (SocketIOPacketParser.TryParse(packet, int.MaxValue, out var header) != SocketIOParseError.None
            || header.Type is not (SocketIOPacketType.Event or SocketIOPacketType.BinaryEvent))
        {
            return;
        }

        var eventJson = packet[header.Payload];
        foreach (var socket in recipients)
        {
            observer.OnEventSent(socket, eventJson);
        }
    }

    /// <summary>The transport under a socket's connection right now: <c>polling</c> or <c>websocket</c>.</summary>
    internal static string TransportOf(IEngineSession session) =>
        session is EngineSession { Transport: PollingTransport } ? "polling" : "websocket";
}
