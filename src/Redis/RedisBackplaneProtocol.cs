namespace TypedSockets.Redis;

/// <summary>The messages the nodes of a Redis cluster exchange (<see cref="RedisBackplaneOptions.Protocol"/>).</summary>
public enum RedisBackplaneProtocol
{
    /// <summary>TypedSockets' own protocol: one channel per namespace, node heartbeats, counts kept in Redis sets.</summary>
    TypedSockets = 0,

    /// <summary>
    /// The protocol of @socket.io/redis-adapter 8 (MessagePack broadcasts, request and response channels, node count
    /// from the subscribers of the request channel): Node socket.io servers and TypedSockets servers form one cluster,
    /// and @socket.io/redis-emitter reaches the clients of both.
    /// </summary>
    SocketIO = 1,
}
