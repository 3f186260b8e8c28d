namespace TypedSockets;

/// <summary>
/// The default of every server option, each with the reason it has that value. The options classes initialize
/// their properties from here, so a default is written once and a reader finds all of them side by side.
/// </summary>
internal static class OptionDefaults
{
    // ---- WebSocket layer (WebSocketConnectionOptions, WebSocketServerOptions) ----

    /// <summary>1 MiB: above Engine.IO's default maxPayload of 1,000,000 bytes, so Engine.IO's limit is the one that applies.</summary>
    public const int WebSocketMaxMessageSize = 1024 * 1024;

    /// <summary>Off: Engine.IO runs its own heartbeat above this layer, a second one would only add traffic.</summary>
    public static readonly TimeSpan WebSocketKeepAliveInterval = TimeSpan.Zero;

    /// <summary>20 s: socket.io's pingTimeout, the time a live peer is given to answer a ping.</summary>
    public static readonly TimeSpan WebSocketKeepAliveTimeout = TimeSpan.FromSeconds(20);

    /// <summary>5 s: a live peer answers a close frame in milliseconds; a dead one must not hold the connection long.</summary>
    public static readonly TimeSpan WebSocketCloseTimeout = TimeSpan.FromSeconds(5);

    // ---- Engine.IO (EngineOptions): socket.io's defaults, so its clients behave against us as against a Node server ----

    /// <summary>25 s: socket.io's pingInterval.</summary>
    public static readonly TimeSpan PingInterval = TimeSpan.FromSeconds(25);

    /// <summary>20 s: socket.io's pingTimeout.</summary>
    public static readonly TimeSpan PingTimeout = TimeSpan.FromSeconds(20);

    /// <summary>1,000,000 bytes: socket.io's maxHttpBufferSize, announced to clients as maxPayload.</summary>
    public const int MaxPayload = 1_000_000;

    /// <summary>10 s: socket.io's upgradeTimeout.</summary>
    public static readonly TimeSpan UpgradeTimeout = TimeSpan.FromSeconds(10);

    /// <summary>0, no limit: load tests, the samples and the benchmarks open thousands of connections from 127.0.0.1.</summary>
    public const int MaxConnectionsPerAddress = 0;

    /// <summary>0, no limit, for the same reason.</summary>
    public const int MaxNewConnectionsPerAddress = 0;

    /// <summary>10 s: long enough that a burst of reconnects after a network blip fits a modest limit.</summary>
    public static readonly TimeSpan NewConnectionWindow = TimeSpan.FromSeconds(10);

    /// <summary>5 s: what is queued goes out and close handshakes complete, well inside the host's 30 s shutdown timeout.</summary>
    public static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(5);

    /// <summary>
    /// 1 MiB: one message of the default maxPayload still fits with room to spare, while a client that stopped
    /// reading cannot hold more than that much server memory.
    /// </summary>
    public const long MaxOutboundBytes = 1024 * 1024;

    // ---- Socket.IO (SocketIOOptions) ----

    /// <summary>45 s: socket.io's connectTimeout.</summary>
    public static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(45);

    /// <summary>10: the attachment limit of socket.io's parser (the client role's decoder uses the same one).</summary>
    public const int MaxAttachments = 10;

    /// <summary>
    /// 1,000,000 bytes, the default maxPayload: one logical packet holds no more than one message may, whatever the
    /// number of attachments it is split into (each is checked against maxPayload on its own as well).
    /// </summary>
    public const int MaxBinaryPacketBytes = MaxPayload;

    /// <summary>1024 bytes: far past any name a contract uses, small enough that names cost nothing to match and log.</summary>
    public const int MaxEventNameLength = 1024;

    /// <summary>
    /// 64: System.Text.Json's own default, and far deeper than any contract's arguments; a client cannot make the
    /// parser (or a typed argument reader) walk a deeper structure.
    /// </summary>
    public const int MaxJsonDepth = 64;

    /// <summary>
    /// 1000: the deepest <c>MaxJsonDepth</c> may be set. The typed argument readers read what the packet parser has
    /// already checked against <c>MaxJsonDepth</c>, so they accept this ceiling; deserializing a structure this deep
    /// still fits comfortably on a thread's stack.
    /// </summary>
    public const int MaxJsonDepthCeiling = 1000;

    /// <summary>
    /// 1000: rooms one socket may be in besides the room of its own id. socket.io sets no limit; no application
    /// puts one connection in more, and it bounds the memory a client that asks a hub to join rooms can cost.
    /// </summary>
    public const int MaxRoomsPerSocket = 1000;

    /// <summary>
    /// 128: enough to absorb a burst while a handler awaits, small enough that a client flooding one socket
    /// holds little memory before reading from it pauses.
    /// </summary>
    public const int MaxPendingEvents = 128;

    /// <summary>2 minutes: socket.io's connectionStateRecovery.maxDisconnectionDuration.</summary>
    public static readonly TimeSpan MaxDisconnectionDuration = TimeSpan.FromMinutes(2);

    /// <summary>1,000: a socket away for two minutes of a few broadcasts a second; more is cheaper as a fresh start.</summary>
    public const int RecoveryMaxPacketsPerSession = 1_000;

    /// <summary>1 MiB: the outbound bound of one connection (MaxOutboundBytes); a replay must fit the same queue.</summary>
    public const long RecoveryMaxBytesPerSession = 1024 * 1024;

    /// <summary>10,000: the redis-streams adapter's default stream length.</summary>
    public const int RecoveryMaxPackets = 10_000;

    /// <summary>16 MiB: a fixed ceiling on what a namespace holds for absent sockets, whatever the traffic.</summary>
    public const long RecoveryMaxBytes = 16L * 1024 * 1024;

    // ---- Typed hubs (HubOptions) ----

    /// <summary>30 s: SignalR's client-result timeout.</summary>
    public static readonly TimeSpan ClientResultTimeout = TimeSpan.FromSeconds(30);

    /// <summary>False: a client learns which event failed, never the server's internals.</summary>
    public const bool DetailedErrors = false;

    /// <summary>True: a caller that misspells an event learns it at once instead of waiting for its timeout.</summary>
    public const bool AckUnknownEvents = true;

    /// <summary>True: an unknown event is worth a (rate-limited) warning; a typo is otherwise invisible.</summary>
    public const bool LogUnknownEvents = true;
}
