namespace TypedSockets.SocketIO;

/// <summary>
/// Connection state recovery, as socket.io 4.6+ offers it (<c>TypedSockets:SocketIO:ConnectionStateRecovery</c>):
/// a client that lost its connection and comes back within <see cref="MaxDisconnectionDuration"/> gets its socket
/// id, rooms and <see cref="Socket.Items"/> back, and every packet emitted to it meanwhile, once and in order.
/// Off by default, as in socket.io: with it on, every recoverable packet carries an offset as its last argument.
/// </summary>
public sealed class ConnectionStateRecoveryOptions
{
    /// <summary>Whether recovery is on. Default false.</summary>
    public bool Enabled { get; set; }

    /// <summary>
    /// How long a disconnected socket's session and the packets it may miss are kept. Default 2 minutes, socket.io's
    /// <c>maxDisconnectionDuration</c>. Must be greater than zero.
    /// </summary>
    public TimeSpan MaxDisconnectionDuration { get; set; } = OptionDefaults.MaxDisconnectionDuration;

    /// <summary>
    /// Whether a recovered socket skips the namespace's connection middleware (socket.io's <c>skipMiddlewares</c>).
    /// Default true, as in socket.io: the middleware already accepted this logical connection.
    /// </summary>
    public bool SkipMiddlewares { get; set; } = true;

    /// <summary>
    /// Most packets one socket may get replayed; a socket that missed more is not recovered (it connects as a new
    /// socket and the client sees <c>recovered</c> false). Default 1,000. Must be greater than zero.
    /// </summary>
    public int MaxPacketsPerSession { get; set; } = OptionDefaults.RecoveryMaxPacketsPerSession;

    /// <summary>
    /// Most bytes of packets one socket may get replayed; past it the socket is not recovered. Default 1 MiB.
    /// Must be greater than zero.
    /// </summary>
    public long MaxBytesPerSession { get; set; } = OptionDefaults.RecoveryMaxBytesPerSession;

    /// <summary>
    /// Most packets a namespace keeps for recovery (all sockets together); the oldest give way, and a socket that
    /// would have needed one of them is not recovered. Default 10,000. Must be greater than zero.
    /// </summary>
    public int MaxPackets { get; set; } = OptionDefaults.RecoveryMaxPackets;

    /// <summary>
    /// Most bytes of packets a namespace keeps for recovery; the oldest give way as for <see cref="MaxPackets"/>.
    /// Default 16 MiB. Must be greater than zero.
    /// </summary>
    public long MaxBytes { get; set; } = OptionDefaults.RecoveryMaxBytes;
}
