using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace TypedSockets.Diagnostics;

/// <summary>
/// The instruments of the <c>TypedSockets</c> meter, one instance per application (created through the
/// application's <see cref="IMeterFactory"/>, as ASP.NET Core's own meters are, so a test or a host sees its own).
/// The layers call one method per fact; each method returns at once when nothing listens to its instrument
/// (<see cref="Instrument.Enabled"/>), so an application that collects nothing pays a branch per message and no
/// allocation. The current counts (connections, sockets) are kept as plain numbers and read by observable instruments
/// only when collected, so they are right whenever a listener starts.
/// </summary>
/// <remarks>Every tag value is a string the runtime owns (transport, namespace, reason, kind), never client input,
/// except the event name, which is opt-in (<see cref="TelemetryOptions.IncludeEventNames"/>).</remarks>
internal sealed class TypedSocketsMetrics
{
    /// <summary>SignalR's advice for connection durations (seconds), as OpenTelemetry's conventions recommend.</summary>
    private static readonly double[] DurationBuckets = [0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 30, 60, 120, 300];

    /// <summary>ASP.NET Core's advice for request durations (seconds): handlers and acks are short.</summary>
    private static readonly double[] ShortBuckets = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10];

    private static TypedSocketsMetrics? s_unhosted;

    private readonly Meter _meter;
    private readonly bool _includeEventNames;

    // The current counts: [0] polling, [1] websocket; sockets by namespace.
    private readonly long[] _connections = new long[2];
    private readonly ConcurrentDictionary<string, StrongBox> _sockets = new(StringComparer.Ordinal);

    private readonly Counter<long> _connectionsOpened;
    private readonly Counter<long> _connectionsClosed;
    private readonly Histogram<double> _connectionDuration;
    private readonly Counter<long> _upgrades;
    private readonly Counter<long> _bytesReceived;
    private readonly Counter<long> _bytesSent;
    private readonly Counter<long> _limitCloses;
    private readonly Counter<long> _socketsConnected;
    private readonly Counter<long> _socketsDisconnected;
    private readonly Counter<long> _eventsReceived;
    private readonly Counter<long> _eventsSent;
    private readonly Histogram<double> _handlerDuration;
    private readonly Histogram<double> _ackDuration;
    private readonly Counter<long> _errors;
    private readonly Counter<long> _backplanePublished;
    private readonly Counter<long> _backplaneReceived;
    private readonly Histogram<double> _backplaneLag;

    public TypedSocketsMetrics(IMeterFactory? meterFactory, TelemetryOptions? options)
    {
        var meterOptions = new MeterOptions(TelemetryNames.Meter) { Version = typeof(TypedSocketsMetrics).Assembly.GetName().Version?.ToString() };
        _meter = meterFactory?.Create(meterOptions) ?? new Meter(meterOptions);
        _includeEventNames = options?.IncludeEventNames ?? false;

        _meter.CreateObservableUpDownCounter("typedsockets.server.active_connections", ObserveConnections, "{connection}",
            "Engine.IO sessions currently open, by transport.");
        _meter.CreateObservableUpDownCounter("typedsockets.server.active_sockets", ObserveSockets, "{socket}",
            "Socket.IO sockets currently connected, by namespace.");
        _connectionsOpened = _meter.CreateCounter<long>("typedsockets.server.connections.opened", "{connection}",
            "Engine.IO sessions opened, by the transport of their handshake.");
        _connectionsClosed = _meter.CreateCounter<long>("typedsockets.server.connections.closed", "{connection}",
            "Engine.IO sessions closed, by transport and close reason.");
        _connectionDuration = _meter.CreateHistogram("typedsockets.server.connection.duration", "s",
            "How long Engine.IO sessions lasted, by transport and close reason.", advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = DurationBuckets });
        _upgrades = _meter.CreateCounter<long>("typedsockets.server.upgrades", "{upgrade}",
            "Sessions that upgraded from long-polling to WebSocket.");
        _bytesReceived = _meter.CreateCounter<long>("typedsockets.server.bytes.received", "By",
            "Engine.IO payload bytes received (WebSocket message payloads, polling request bodies), by transport.");
        _bytesSent = _meter.CreateCounter<long>("typedsockets.server.bytes.sent", "By",
            "Engine.IO bytes written (WebSocket frames, polling response bodies), by transport.");
        _limitCloses = _meter.CreateCounter<long>("typedsockets.server.limit_closes", "{connection}",
            "Sessions closed for a limit: a slow consumer's outbound queue (outbound_queue) or an oversized message (max_payload, max_binary_packet).");
        _socketsConnected = _meter.CreateCounter<long>("typedsockets.server.sockets.connected", "{socket}",
            "Sockets that connected to a namespace.");
        _socketsDisconnected = _meter.CreateCounter<long>("typedsockets.server.sockets.disconnected", "{socket}",
            "Sockets that left a namespace, by namespace and disconnect reason.");
        _eventsReceived = _meter.CreateCounter<long>("typedsockets.server.events.received", "{event}",
            "Events received from clients, by namespace.");
        _eventsSent = _meter.CreateCounter<long>("typedsockets.server.events.sent", "{event}",
            "Events sent to clients (each recipient of a broadcast counts), by namespace.");
        _handlerDuration = _meter.CreateHistogram("typedsockets.server.handler.duration", "s",
            "How long the handler of an event ran (a hub method, an On or OnAny handler), by namespace.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = ShortBuckets });
        _ackDuration = _meter.CreateHistogram("typedsockets.server.ack.duration", "s",
            "Round trip of an event the server emitted with an ack, from sending to the client's answer, by namespace.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = ShortBuckets });
        _errors = _meter.CreateCounter<long>("typedsockets.server.errors", "{error}",
            "Failures a client caused or met, by error.type: bad_packet, handler_exception, argument_error, unknown_event.");
        _backplanePublished = _meter.CreateCounter<long>("typedsockets.backplane.messages.published", "{message}",
            "Messages this node published to the backplane, by kind.");
        _backplaneReceived = _meter.CreateCounter<long>("typedsockets.backplane.messages.received", "{message}",
            "Messages this node received from the backplane (its own echoes aside), by kind.");
        _backplaneLag = _meter.CreateHistogram("typedsockets.backplane.lag", "s",
            "Time from a message's publication to its receipt, by origin: local (this node's own message coming back, one clock) or remote (another node's clock).",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = ShortBuckets });
    }

    /// <summary>
    /// The instruments of servers built without dependency injection (the low-level constructors): one meter for the
    /// process, so they are still seen by <c>dotnet-counters</c> and OpenTelemetry.
    /// </summary>
    public static TypedSocketsMetrics Unhosted => s_unhosted ?? InitializeUnhosted();

    // Engine.IO sessions.

    /// <summary>A session opened on <paramref name="transport"/> (<c>polling</c> or <c>websocket</c>).</summary>
    public void ConnectionOpened(string transport)
    {
        Interlocked.Increment(ref _connections[TransportIndex(transport)]);
        if (_connectionsOpened.Enabled)
        {
            _connectionsOpened.Add(1, new KeyValuePair<string, object?>(TelemetryNames.Transport, transport));
        }
    }

    /// <summary>A session closed; <paramref name="openedAt"/> is its <see cref="Stopwatch.GetTimestamp"/> at open.</summary>
    public void ConnectionClosed(string transport, string reason, long openedAt)
    {
        Interlocked.Decrement(ref _connections[TransportIndex(transport)]);
        if (_connectionsClosed.Enabled)
        {
            _connectionsClosed.Add(1, new(TelemetryNames.Transport, transport), new(TelemetryNames.CloseReason, reason));
        }

        if (_connectionDuration.Enabled)
        {
            _connectionDuration.Record(Stopwatch.GetElapsedTime(openedAt).TotalSeconds, new(TelemetryNames.Transport, transport), new(TelemetryNames.CloseReason, reason));
        }
    }

    /// <summary>A session moved from <paramref name="from"/> to <paramref name="to"/>.</summary>
    public void Upgraded(string from, string to)
    {
        Interlocked.Decrement(ref _connections[TransportIndex(from)]);
        Interlocked.Increment(ref _connections[TransportIndex(to)]);
        if (_upgrades.Enabled)
        {
            _upgrades.Add(1, new KeyValuePair<string, object?>(TelemetryNames.Transport, to));
        }
    }

    public void BytesReceived(string transport, long bytes)
    {
        if (_bytesReceived.Enabled)
        {
            _bytesReceived.Add(bytes, new KeyValuePair<string, object?>(TelemetryNames.Transport, transport));
        }
    }

    /// <summary>True when someone listens to bytes sent: a sender that would add up a batch first asks this.</summary>
    public bool IsBytesSentEnabled => _bytesSent.Enabled;

    public void BytesSent(string transport, long bytes)
    {
        if (_bytesSent.Enabled)
        {
            _bytesSent.Add(bytes, new KeyValuePair<string, object?>(TelemetryNames.Transport, transport));
        }
    }

    /// <summary>A session closed for a limit: <see cref="Limits"/> names it.</summary>
    public void LimitClose(string limit)
    {
        if (_limitCloses.Enabled)
        {
            _limitCloses.Add(1, new KeyValuePair<string, object?>(TelemetryNames.Limit, limit));
        }
    }

    // Socket.IO sockets and events.

    public void SocketConnected(string @namespace)
    {
        Interlocked.Increment(ref _sockets.GetOrAdd(@namespace, static _ => new StrongBox()).Value);
        if (_socketsConnected.Enabled)
        {
            _socketsConnected.Add(1, new KeyValuePair<string, object?>(TelemetryNames.Namespace, @namespace));
        }
    }

    public void SocketDisconnected(string @namespace, string reason)
    {
        if (_sockets.TryGetValue(@namespace, out var count))
        {
            Interlocked.Decrement(ref count.Value);
        }

        if (_socketsDisconnected.Enabled)
        {
            _socketsDisconnected.Add(1, new(TelemetryNames.Namespace, @namespace), new(TelemetryNames.CloseReason, reason));
        }
    }

    /// <summary>True when events received are counted: the caller then decodes the name only if <see cref="IncludeEventNames"/>.</summary>
    public bool EventsReceivedEnabled => _eventsReceived.Enabled;

    public bool IncludeEventNames => _includeEventNames;

    public void EventReceived(string @namespace, string? eventName)
    {
        if (!_eventsReceived.Enabled)
        {
            return;
        }

        if (_includeEventNames && eventName is not null)
        {
            _eventsReceived.Add(1, new(TelemetryNames.Namespace, @namespace), new(TelemetryNames.Event, eventName));
        }
        else
        {
            _eventsReceived.Add(1, new KeyValuePair<string, object?>(TelemetryNames.Namespace, @namespace));
        }
    }

    public void EventsSent(string @namespace, int count)
    {
        if (count > 0 && _eventsSent.Enabled)
        {
            _eventsSent.Add(count, new KeyValuePair<string, object?>(TelemetryNames.Namespace, @namespace));
        }
    }

    /// <summary>A timestamp to hand to <see cref="HandlerFinished"/>, or 0 when handler durations are not collected.</summary>
    public long HandlerStarting() => _handlerDuration.Enabled ? Stopwatch.GetTimestamp() : 0;

    public void HandlerFinished(long startedAt, string @namespace, string? eventName)
    {
        if (startedAt == 0 || !_handlerDuration.Enabled)
        {
            return;
        }

        var tags = new TagList { { TelemetryNames.Namespace, @namespace } };
        if (_includeEventNames && eventName is not null)
        {
            tags.Add(TelemetryNames.Event, eventName);
        }

        _handlerDuration.Record(Stopwatch.GetElapsedTime(startedAt).TotalSeconds, tags);
    }

    /// <summary>A timestamp to hand to <see cref="AckReceived"/>, or 0 when ack round trips are not collected.</summary>
    public long AckStarting() => _ackDuration.Enabled ? Stopwatch.GetTimestamp() : 0;

    public void AckReceived(long startedAt, string @namespace)
    {
        if (startedAt != 0 && _ackDuration.Enabled)
        {
            _ackDuration.Record(Stopwatch.GetElapsedTime(startedAt).TotalSeconds, new KeyValuePair<string, object?>(TelemetryNames.Namespace, @namespace));
        }
    }

    /// <summary>
    /// A failure while handling an event: counted, and the current span (the invocation's, when the handler's code is
    /// running) is marked failed with the same <c>error.type</c>.
    /// </summary>
    public void Failure(string errorType, string @namespace, Exception? exception)
    {
        TypedSocketsActivities.SetError(errorType, exception);
        Error(errorType, @namespace);
    }

    /// <summary>Returns <paramref name="sent"/>, counting one event sent when it is true.</summary>
    public bool EventSent(string @namespace, bool sent)
    {
        if (sent && _eventsSent.Enabled)
        {
            _eventsSent.Add(1, new KeyValuePair<string, object?>(TelemetryNames.Namespace, @namespace));
        }

        return sent;
    }

    /// <summary>A failure of kind <paramref name="errorType"/> (<see cref="Errors"/>), in <paramref name="namespace"/> when known.</summary>
    public void Error(string errorType, string? @namespace)
    {
        if (!_errors.Enabled)
        {
            return;
        }

        if (@namespace is null)
        {
            _errors.Add(1, new KeyValuePair<string, object?>(TelemetryNames.ErrorType, errorType));
        }
        else
        {
            _errors.Add(1, new(TelemetryNames.ErrorType, errorType), new(TelemetryNames.Namespace, @namespace));
        }
    }

    // The backplane.

    public void BackplanePublished(string kind)
    {
        if (_backplanePublished.Enabled)
        {
            _backplanePublished.Add(1, new KeyValuePair<string, object?>(TelemetryNames.BackplaneMessage, kind));
        }
    }

    public void BackplaneReceived(string kind)
    {
        if (_backplaneReceived.Enabled)
        {
            _backplaneReceived.Add(1, new KeyValuePair<string, object?>(TelemetryNames.BackplaneMessage, kind));
        }
    }

    public void BackplaneLag(TimeSpan lag, bool local)
    {
        if (_backplaneLag.Enabled)
        {
            _backplaneLag.Record(Math.Max(0, lag.TotalSeconds), new KeyValuePair<string, object?>(TelemetryNames.BackplaneOrigin, local ? "local" : "remote"));
        }
    }

    private static int TransportIndex(string transport) => transport == "websocket" ? 1 : 0;

    private IEnumerable<Measurement<long>> ObserveConnections() =>
    [
        new(Volatile.Read(ref _connections[0]), new KeyValuePair<string, object?>(TelemetryNames.Transport, "polling")),
        new(Volatile.Read(ref _connections[1]), new KeyValuePair<string, object?>(TelemetryNames.Transport, "websocket")),
    ];

    private IEnumerable<Measurement<long>> ObserveSockets()
    {
        var measurements = new List<Measurement<long>>(_sockets.Count);
        foreach (var (name, count) in _sockets)
        {
            measurements.Add(new(Volatile.Read(ref count.Value), new KeyValuePair<string, object?>(TelemetryNames.Namespace, name)));
        }

        return measurements;
    }

    private static TypedSocketsMetrics InitializeUnhosted()
    {
        var created = new TypedSocketsMetrics(null, null);
        return Interlocked.CompareExchange(ref s_unhosted, created, null) ?? created;
    }

    /// <summary>A count shared by reference (per namespace).</summary>
    private sealed class StrongBox
    {
        public long Value;
    }

    /// <summary>The values of <c>typedsockets.limit</c>.</summary>
    public static class Limits
    {
        public const string OutboundQueue = "outbound_queue";
        public const string MaxPayload = "max_payload";
        public const string MaxBinaryPacket = "max_binary_packet";
    }

    /// <summary>The values of <c>error.type</c> on <c>typedsockets.server.errors</c>.</summary>
    public static class Errors
    {
        public const string BadPacket = "bad_packet";
        public const string HandlerException = "handler_exception";
        public const string ArgumentError = "argument_error";
        public const string UnknownEvent = "unknown_event";
    }
}
