namespace TypedSockets.EngineIO;

/// <summary>
/// Settings of one Engine.IO endpoint (configuration section <c>TypedSockets:EngineIO</c>). The defaults are
/// socket.io's, so that its clients behave against us as they do against a Node server.
/// </summary>
public sealed class EngineOptions
{
    /// <summary>The path socket.io clients use when none is given.</summary>
    public const string DefaultPath = "/socket.io/";

    /// <summary>
    /// How long after the handshake (or the last pong) the server sends a ping. Default 25 s, socket.io's default.
    /// Must be greater than zero.
    /// </summary>
    public TimeSpan PingInterval { get; set; } = OptionDefaults.PingInterval;

    /// <summary>
    /// How long the client has to answer a ping with a pong before the session closes ("ping timeout").
    /// Default 20 s, socket.io's default. Must be greater than zero.
    /// </summary>
    public TimeSpan PingTimeout { get; set; } = OptionDefaults.PingTimeout;

    /// <summary>
    /// The largest HTTP long-polling request body and the largest WebSocket message accepted, in bytes;
    /// also announced to clients so they split their batches. Default 1,000,000, socket.io's default.
    /// Must be greater than zero.
    /// </summary>
    public int MaxPayload { get; set; } = OptionDefaults.MaxPayload;

    /// <summary>
    /// How long a client has to finish a transport upgrade (<c>2probe</c> … <c>5</c>) before the new
    /// WebSocket is dropped; the session goes on over long-polling. Default 10 s, socket.io's default.
    /// Must be greater than zero.
    /// </summary>
    public TimeSpan UpgradeTimeout { get; set; } = OptionDefaults.UpgradeTimeout;

    /// <summary>
    /// Most Engine.IO sessions one remote IP address may have open at once; a handshake past it gets HTTP 429.
    /// Default 0: no limit (load tests and samples open thousands of connections from one address). Applies to the
    /// HTTP endpoint and the fast path alike. Must not be negative.
    /// </summary>
    public int MaxConnectionsPerAddress { get; set; } = OptionDefaults.MaxConnectionsPerAddress;

    /// <summary>
    /// Most new Engine.IO sessions one remote IP address may open per <see cref="NewConnectionWindow"/>; a handshake
    /// past it gets HTTP 429. Default 0: no limit. Must not be negative.
    /// </summary>
    public int MaxNewConnectionsPerAddress { get; set; } = OptionDefaults.MaxNewConnectionsPerAddress;

    /// <summary>The window of <see cref="MaxNewConnectionsPerAddress"/>. Default 10 s. Must be greater than zero.</summary>
    public TimeSpan NewConnectionWindow { get; set; } = OptionDefaults.NewConnectionWindow;

    /// <summary>
    /// On host shutdown, how long sessions get to send what is queued and close before they are dropped. Default
    /// 5 s, well inside the host's shutdown timeout. Must be greater than zero.
    /// </summary>
    public TimeSpan DrainTimeout { get; set; } = OptionDefaults.DrainTimeout;

    /// <summary>
    /// The most bytes of messages one session may have queued and not yet written to its client; a session
    /// past it is a slow consumer and is closed ("outbound queue full"). Default 1 MiB: one message of the
    /// default <see cref="MaxPayload"/> still fits with room to spare, while a client that stopped
    /// reading cannot hold more than that much server memory. A single message larger than the bound is
    /// still sent when nothing else is queued. Must be greater than zero.
    /// </summary>
    public long MaxOutboundBytes { get; set; } = OptionDefaults.MaxOutboundBytes;

    /// <summary>
    /// The transports accepted (in configuration: <c>"Polling, WebSocket"</c>). Default both, socket.io's
    /// default. At least one is needed.
    /// </summary>
    public EngineTransports Transports { get; set; } = EngineTransports.All;

    /// <summary>
    /// Origins (<c>scheme://host[:port]</c>, no path) allowed to make cross-origin requests; <c>"*"</c> allows any.
    /// Requests without an <c>Origin</c> header (non-browser clients) and same-origin requests are always
    /// allowed; any other origin is refused with 403. Default empty: no cross-origin access, because
    /// opening an endpoint to other sites must be a deliberate choice. In configuration, an array
    /// (<c>TypedSockets:EngineIO:AllowedOrigins:0</c>, <c>…:1</c>); bound entries are added to those set in code.
    /// </summary>
    public IList<string> AllowedOrigins { get; } = new List<string>();

    /// <summary>
    /// Whether cross-origin requests from allowed origins may carry credentials (cookies, HTTP
    /// authentication): sends <c>Access-Control-Allow-Credentials: true</c>. Default false, for the same reason.
    /// </summary>
    public bool AllowCredentials { get; set; }

    /// <summary>
    /// Allows, beside <see cref="AllowedOrigins"/>, every origin <paramref name="isOriginAllowed"/> accepts (ASP.NET
    /// Core CORS's <c>SetIsOriginAllowed</c>): subdomains, a list kept elsewhere. Code only (configuration cannot
    /// hold a delegate); it gets the <c>Origin</c> header as sent and runs on both hosting paths.
    /// </summary>
    /// <param name="isOriginAllowed">True for an allowed origin; null removes the predicate.</param>
    public void SetIsOriginAllowed(Func<string, bool>? isOriginAllowed) => IsOriginAllowed = isOriginAllowed;

    /// <summary>The predicate of <see cref="SetIsOriginAllowed"/>; not a public property, so configuration binding never sees it.</summary>
    internal Func<string, bool>? IsOriginAllowed { get; private set; }

    /// <summary>
    /// A copy, for a server to keep: what it validated is what it runs with, whatever the caller changes afterwards
    /// in the instance it passed.
    /// </summary>
    internal EngineOptions Snapshot()
    {
        var copy = new EngineOptions
        {
            PingInterval = PingInterval,
            PingTimeout = PingTimeout,
            MaxPayload = MaxPayload,
            UpgradeTimeout = UpgradeTimeout,
            MaxConnectionsPerAddress = MaxConnectionsPerAddress,
            MaxNewConnectionsPerAddress = MaxNewConnectionsPerAddress,
            NewConnectionWindow = NewConnectionWindow,
            DrainTimeout = DrainTimeout,
            MaxOutboundBytes = MaxOutboundBytes,
            Transports = Transports,
            AllowCredentials = AllowCredentials,
            IsOriginAllowed = IsOriginAllowed,
        };
        foreach (var origin in AllowedOrigins)
        {
            copy.AllowedOrigins.Add(origin);
        }

        return copy;
    }
}
