using System.Diagnostics;
using System.Text;
using TypedSockets.Diagnostics;
using TypedSockets.SocketIO.Protocol;

namespace TypedSockets.SocketIO;

/// <summary>
/// What one event and one connect cost in telemetry, kept out of <see cref="Socket"/> and <see cref="Namespace"/>: the
/// event counted, its handler timed, its span started (and made current for the handler) and ended. Nothing is decoded
/// or allocated unless a listener asks for it.
/// </summary>
internal readonly struct SocketTelemetry
{
    private readonly Activity? _activity;
    private readonly long _startedAt;
    private readonly string? _name;

    private SocketTelemetry(Activity? activity, long startedAt, string? name)
    {
        _activity = activity;
        _startedAt = startedAt;
        _name = name;
    }

    /// <summary>Counts <paramref name="incoming"/> and starts its handler's span and clock.</summary>
    public static SocketTelemetry StartEvent(Socket socket, in IncomingEvent incoming)
    {
        var metrics = socket.Namespace.Server.Metrics;
        var wantsName = metrics.IncludeEventNames && metrics.EventsReceivedEnabled;
        var activity = TypedSocketsActivities.Source.HasListeners()
            ? TypedSocketsActivities.StartInvocation(socket.Namespace.Name, default, NameOf(incoming), socket.Id, incoming.TraceCarrier)
            : null;
        var name = wantsName ? activity?.GetTagItem("rpc.method") as string ?? NameOf(incoming) : null;
        metrics.EventReceived(socket.Namespace.Name, name);
        return new SocketTelemetry(activity, metrics.HandlerStarting(), name);
    }

    /// <summary>Marks the span failed: the handler threw (an <c>On</c> or <c>OnAny</c> handler; a hub catches its own).</summary>
    public void Failed(Socket socket, Exception exception) =>
        socket.Namespace.Server.Metrics.Failure(TypedSocketsMetrics.Errors.HandlerException, socket.Namespace.Name, exception);

    /// <summary>Records the handler's duration and ends the span.</summary>
    public void Stop(Socket socket, in IncomingEvent incoming)
    {
        if (_startedAt != 0)
        {
            var metrics = socket.Namespace.Server.Metrics;
            metrics.HandlerFinished(_startedAt, socket.Namespace.Name, metrics.IncludeEventNames ? _name ?? NameOf(incoming) : null);
        }

        _activity?.Dispose();
    }

    /// <summary>The span of <paramref name="socket"/>'s CONNECT, parented to the handshake's trace context.</summary>
    public static Activity? StartConnect(Socket socket, byte[] auth)
    {
        if (!TypedSocketsActivities.Source.HasListeners())
        {
            return null;
        }

        var headers = socket.Connection.Session.Handshake.Headers;
        var traceParent = headers.TryGetValue("traceparent", out var parent) ? parent.ToString() : null;
        var traceState = headers.TryGetValue("tracestate", out var state) ? state.ToString() : null;
        return TypedSocketsActivities.StartConnect(socket.Namespace.Name, socket.Id, socket.Connection.Session.Id, auth, traceParent, traceState);
    }

    private static string NameOf(in IncomingEvent incoming)
    {
        var utf8 = incoming.Buffer.AsSpan(incoming.Name);
        return incoming.NameEscaped ? SocketIOPacketParser.DecodeName(utf8, escaped: true) : Encoding.UTF8.GetString(utf8);
    }
}
