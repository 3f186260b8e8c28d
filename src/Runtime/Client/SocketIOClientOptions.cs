using Microsoft.Extensions.Logging;
using TypedSockets.SocketIO;
using TypedSockets.WebSockets;

namespace TypedSockets.Client;

/// <summary>
/// Options of <see cref="SocketIOClient"/>; defaults are socket.io-client's. Checked when the client is made: an
/// invalid value throws <see cref="ArgumentException"/> naming it.
/// </summary>
public sealed class SocketIOClientOptions
{
    /// <summary>The Engine.IO endpoint path. Default <c>/socket.io/</c>, socket.io's.</summary>
    public string Path { get; set; } = "/socket.io/";

    /// <summary>The auth payload sent with CONNECT, as raw JSON (an object); null sends none.</summary>
    public string? AuthJson { get; set; }

    /// <summary>
    /// The Engine.IO transports to use. Default <see cref="SocketIOTransports.PollingThenWebSocket"/>, socket.io-client's:
    /// connect with long-polling (which passes proxies that refuse WebSockets), then upgrade to a WebSocket when a probe
    /// succeeds. <see cref="SocketIOTransports.WebSocket"/> alone connects straight over a WebSocket (one round trip
    /// less); <see cref="SocketIOTransports.Polling"/> alone never upgrades.
    /// </summary>
    public SocketIOTransports Transports { get; set; } = SocketIOTransports.PollingThenWebSocket;

    /// <summary>
    /// How Socket.IO packets are encoded (socket.io-client's <c>parser</c> option); it must be the server's. Default
    /// <see cref="SocketIOParser.Json"/>, socket.io's default parser. <see cref="SocketIOParser.MessagePack"/> speaks
    /// socket.io-msgpack-parser 3.x: each packet one binary message, binary arguments inside it.
    /// </summary>
    public SocketIOParser Parser { get; set; } = SocketIOParser.Json;

    /// <summary>Time for the transport, Engine.IO and namespace handshakes of one attempt together. Default 20 s, socket.io-client's <c>timeout</c>.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>How long an emit waits for the server's acknowledgement. Default 30 s.</summary>
    public TimeSpan AckTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Whether a call traced by the <c>TypedSockets</c> activity source carries its trace context to the server, as a
    /// last argument <c>{"$traceparent":"…"}</c> that a TypedSockets server takes off before the handler sees the
    /// arguments. Only calls with a span carry it (something listens to the source). Default true; set false when the
    /// server is not TypedSockets (a Node socket.io server would see the carrier as one more argument).
    /// </summary>
    public bool PropagateTraceContext { get; set; } = true;

    /// <summary>
    /// Whether a failed first connection is retried and a lost connection re-established, with the backoff below.
    /// Default true, socket.io-client's.
    /// </summary>
    public bool Reconnection { get; set; } = true;

    /// <summary>
    /// How many attempts follow a failed first connection, and how many a lost connection gets before the client gives up
    /// (then <see cref="SocketIOClient.ConnectAsync"/> throws, or the client stays disconnected). Default
    /// <see cref="int.MaxValue"/>, socket.io-client's <c>Infinity</c>: bound the first connect with its cancellation token.
    /// </summary>
    public int ReconnectionAttempts { get; set; } = int.MaxValue;

    /// <summary>First delay before reconnecting, doubled at each failed attempt. Default 1 s, socket.io-client's.</summary>
    public TimeSpan ReconnectionDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Longest delay between attempts. Default 5 s, socket.io-client's.</summary>
    public TimeSpan ReconnectionDelayMax { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Random spread of each delay (0 to 1). Default 0.5, socket.io-client's, so clients do not reconnect in lockstep.</summary>
    public double RandomizationFactor { get; set; } = 0.5;

    /// <summary>
    /// How many emits wait while the client is disconnected (before the first connection and while reconnecting), to be
    /// sent in order once connected, as socket.io-client's send buffer. Default 1000. When the buffer is full, a further
    /// emit fails at once with <see cref="InvalidOperationException"/> (nothing waits, nothing already buffered is dropped).
    /// </summary>
    public int MaxBufferedEmits { get; set; } = 1000;

    /// <summary>The encoded bytes the emits of <see cref="MaxBufferedEmits"/> may hold together. Default 1 MiB; the same rule applies when it is reached.</summary>
    public long MaxBufferedBytes { get; set; } = 1024 * 1024;

    /// <summary>
    /// Runs after each reconnection the server did not recover (<see cref="SocketIOClient.Recovered"/> false: recovery
    /// is off on the server, the session expired, or the server refused it): the server forgot this client's rooms and
    /// state, so re-join and re-subscribe here. It starts after <see cref="SocketIOClient.Connected"/>, once the emits
    /// buffered while disconnected went out (socket.io-client's order), alongside incoming events; its token is cancelled
    /// when that connection ends. A failure is logged. Null by default.
    /// </summary>
    public Func<SocketIOClient, CancellationToken, Task>? RestoreState { get; set; }

    /// <summary>The WebSocket settings (headers, TLS validation, message size limit); its request headers go on polling requests too.</summary>
    public WebSocketClientOptions WebSocket { get; set; } = new();

    /// <summary>The clock of connect and ack timeouts and reconnection delays; tests pass a fake one. Default the system clock.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>Where the client logs; null logs nothing.</summary>
    public ILoggerFactory? LoggerFactory { get; set; }
}
