namespace TypedSockets.Redis;

/// <summary>
/// Settings of the Redis backplane: set in <c>AddRedis(…, o =&gt; …)</c> or bound from a configuration section
/// (<see cref="SectionName"/> by convention) with <c>AddRedis(configuration)</c>. Validated when the host starts.
/// </summary>
public sealed class RedisBackplaneOptions
{
    /// <summary>The configuration section these options are conventionally bound from: <c>TypedSockets:Redis</c>.</summary>
    public const string SectionName = "TypedSockets:Redis";

    /// <summary>
    /// The StackExchange.Redis configuration string, for example <c>127.0.0.1:6379</c>. Default <c>127.0.0.1:6379</c>:
    /// Redis's own port on this machine, where a development Redis runs. Must be a valid configuration string.
    /// </summary>
    public string Configuration { get; set; } = "127.0.0.1:6379";

    /// <summary>
    /// Prefix of every channel and key, so several applications can share one Redis. Default <c>typedsockets</c>:
    /// the library's name, unlikely to collide with an application's keys. Must not be empty or contain whitespace.
    /// </summary>
    public string Prefix { get; set; } = "typedsockets";

    /// <summary>
    /// How often a node renews its heartbeat (and removes expired nodes' state). Default 5 s: a third of
    /// <see cref="NodeTimeout"/>, so a live node may miss two renewals before it counts as dead.
    /// Must be greater than zero and less than <see cref="NodeTimeout"/>.
    /// </summary>
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How long after its last heartbeat a node counts as dead: its sockets leave the cluster-wide counts and rooms
    /// at most this long after it died (plus one <see cref="HeartbeatInterval"/> for its keys to be deleted).
    /// Default 15 s: three heartbeats, long enough for a garbage collection or a Redis fail-over, short enough
    /// that counts of a crashed node do not linger. Must be greater than <see cref="HeartbeatInterval"/>.
    /// </summary>
    public TimeSpan NodeTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// How long a cluster-wide count or listing may wait for Redis before it falls back to this node's view.
    /// Default 2 s: far above a healthy round trip (well under a millisecond), short enough for a caller waiting
    /// on a count. Must be greater than zero.
    /// </summary>
    public TimeSpan OperationTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// How long to wait between attempts to reach Redis again after losing it. Default 1 s: a restarted Redis is
    /// found about a second after it is back, without retrying in a tight loop. Must be greater than zero.
    /// </summary>
    public TimeSpan ReconnectInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// What the nodes say to each other: <see cref="RedisBackplaneProtocol.TypedSockets"/> (the default: the native
    /// protocol, with node heartbeats and counts kept in Redis) or <see cref="RedisBackplaneProtocol.SocketIO"/> (the
    /// messages of @socket.io/redis-adapter 8, so this node joins a cluster of Node socket.io servers). Every node of
    /// a cluster must use the same protocol.
    /// </summary>
    public RedisBackplaneProtocol Protocol { get; set; } = RedisBackplaneProtocol.TypedSockets;

    /// <summary>
    /// With <see cref="RedisBackplaneProtocol.SocketIO"/>: the prefix of every channel, the <c>key</c> option of
    /// @socket.io/redis-adapter and @socket.io/redis-emitter. Default <c>socket.io</c>, their default. Must not be
    /// empty or contain whitespace. (<see cref="Prefix"/> is the native protocol's.)
    /// </summary>
    public string SocketIOKey { get; set; } = "socket.io";
}
