namespace TypedSockets.EngineIO;

/// <summary>
/// Settings of one Engine.IO endpoint. The defaults are socket.io's, so that its clients behave against us
/// as they do against a Node server.
/// </summary>
public sealed class EngineOptions
{
    /// <summary>The path socket.io clients use when none is given.</summary>
    public const string DefaultPath = "/socket.io/";

    /// <summary>
    /// How long after the handshake (or the last pong) the server sends a ping. Default 25 s, socket.io's default.
    /// </summary>
    public TimeSpan PingInterval { get; set; } = TimeSpan.FromSeconds(25);

    /// <summary>
    /// How long the client has to answer a ping with a pong before the session closes ("ping timeout").
    /// Default 20 s, socket.io's default.
    /// </summary>
    public TimeSpan PingTimeout { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>
    /// The largest HTTP long-polling request body and the largest WebSocket message accepted, in bytes;
    /// also announced to clients so they split their batches. Default 1,000,000, socket.io's default.
    /// </summary>
    public int MaxPayload { get; set; } = 1_000_000;

    /// <summary>
    /// How long a client has to finish a transport upgrade (<c>2probe</c> … <c>5</c>) before the new
    /// WebSocket is dropped; the session goes on over long-polling. Default 10 s, socket.io's default.
    /// </summary>
    public TimeSpan UpgradeTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// The most bytes of messages one session may have queued and not yet written to its client; a session
    /// past it is a slow consumer and is closed ("outbound queue full"). Default 1 MiB: one message of the
    /// default <see cref="MaxPayload"/> still fits with room to spare, while a client that stopped
    /// reading cannot hold more than that much server memory.
    /// </summary>
    public long MaxOutboundBytes { get; set; } = 1024 * 1024;

    /// <summary>The transports accepted. Default both, socket.io's default.</summary>
    public EngineTransports Transports { get; set; } = EngineTransports.All;

    /// <summary>
    /// Origins (<c>scheme://host[:port]</c>) allowed to make cross-origin requests; <c>"*"</c> allows any.
    /// Requests without an <c>Origin</c> header (non-browser clients) and same-origin requests are always
    /// allowed; any other origin is refused with 403. Default empty: no cross-origin access, because
    /// opening an endpoint to other sites must be a deliberate choice.
    /// </summary>
    public IList<string> AllowedOrigins { get; } = new List<string>();

    /// <summary>
    /// Whether cross-origin requests from allowed origins may carry credentials (cookies, HTTP
    /// authentication): sends <c>Access-Control-Allow-Credentials: true</c>. Default false, for the same reason.
    /// </summary>
    public bool AllowCredentials { get; set; }
}
