using Microsoft.Extensions.Logging;
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

    /// <summary>Time for the WebSocket, Engine.IO and namespace handshakes together. Default 20 s, socket.io-client's <c>timeout</c>.</summary>
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

    /// <summary>Whether a lost connection is re-established. Default true.</summary>
    public bool Reconnection { get; set; } = true;

    /// <summary>First delay before reconnecting, doubled at each failed attempt. Default 1 s, socket.io-client's.</summary>
    public TimeSpan ReconnectionDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Longest delay between attempts. Default 5 s, socket.io-client's.</summary>
    public TimeSpan ReconnectionDelayMax { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Random spread of each delay (0 to 1). Default 0.5, socket.io-client's, so clients do not reconnect in lockstep.</summary>
    public double RandomizationFactor { get; set; } = 0.5;

    /// <summary>The WebSocket settings (headers, TLS validation, message size limit).</summary>
    public WebSocketClientOptions WebSocket { get; set; } = new();

    /// <summary>The clock of connect and ack timeouts and reconnection delays; tests pass a fake one. Default the system clock.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>Where the client logs; null logs nothing.</summary>
    public ILoggerFactory? LoggerFactory { get; set; }
}
