namespace TypedSockets.Redis;

/// <summary>Settings of the Redis backplane.</summary>
public sealed class RedisBackplaneOptions
{
    /// <summary>The StackExchange.Redis configuration string, for example <c>127.0.0.1:6379</c>.</summary>
    public string Configuration { get; set; } = "127.0.0.1:6379";

    /// <summary>Prefix of every channel and key, so several applications can share one Redis. Default <c>typedsockets</c>.</summary>
    public string Prefix { get; set; } = "typedsockets";

    /// <summary>How often a node renews its heartbeat (and removes expired nodes' state). Default 5 s.</summary>
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How long after its last heartbeat a node counts as dead: its sockets leave the cluster-wide counts and rooms
    /// at most this long after it died (plus one <see cref="HeartbeatInterval"/> for its keys to be deleted). Default 15 s.
    /// </summary>
    public TimeSpan NodeTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How long a cluster-wide count or listing may wait for Redis before it falls back to this node's view. Default 2 s.</summary>
    public TimeSpan OperationTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How long to wait between attempts to reach Redis again after losing it. Default 1 s.</summary>
    public TimeSpan ReconnectInterval { get; set; } = TimeSpan.FromSeconds(1);
}
