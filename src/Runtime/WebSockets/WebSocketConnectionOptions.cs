namespace TypedSockets.WebSockets;

/// <summary>
/// Limits and timers shared by both roles. Every default is stated with its reason. (Not named
/// <c>WebSocketOptions</c>, which ASP.NET Core's own WebSocket middleware uses in an implicitly imported namespace.)
/// </summary>
public abstract class WebSocketConnectionOptions
{
    /// <summary>
    /// The largest message accepted, after reassembly of fragments; a larger one closes the connection
    /// with 1009. Default 1 MiB: above Engine.IO's default maxPayload of 1,000,000 bytes. Must be greater than zero.
    /// </summary>
    public int MaxMessageSize { get; set; } = OptionDefaults.WebSocketMaxMessageSize;

    /// <summary>
    /// How often to ping the peer; <see cref="TimeSpan.Zero"/> turns keep-alive off. Default off:
    /// Engine.IO runs its own heartbeat above this layer. Must not be negative.
    /// </summary>
    public TimeSpan KeepAliveInterval { get; set; } = OptionDefaults.WebSocketKeepAliveInterval;

    /// <summary>
    /// How long a keep-alive ping may stay unanswered before the peer is considered dead and the
    /// connection aborted. Pongs are read by <see cref="WebSocketConnection.ReceiveAsync"/>, so the
    /// application must keep receiving. Default 20 s: socket.io's pingTimeout. Must be greater than zero.
    /// </summary>
    public TimeSpan KeepAliveTimeout { get; set; } = OptionDefaults.WebSocketKeepAliveTimeout;

    /// <summary>
    /// How long to wait for the peer's close frame after ours (and, in the client role, for the server
    /// to close TCP) before dropping the connection. Default 5 s: a live peer answers in milliseconds.
    /// Must be greater than zero.
    /// </summary>
    public TimeSpan CloseTimeout { get; set; } = OptionDefaults.WebSocketCloseTimeout;

    /// <summary>
    /// The clock for keep-alive and close timeouts. Default <see cref="TimeProvider.System"/>. Not bound from
    /// configuration; under <c>AddTypedSockets</c> the registered <see cref="System.TimeProvider"/> is used instead.
    /// </summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;
}
