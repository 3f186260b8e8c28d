using TypedSockets.Redis;

namespace SeedTour;

/// <summary>
/// <c>--redis-protocol socketio|typedsockets</c> (configuration <c>redis-protocol</c>): which protocol the node speaks
/// with <c>--redis</c>. <c>socketio</c> joins a cluster of Node socket.io 4.8 servers that use @socket.io/redis-adapter
/// 8 with its default key (<c>socket.io</c>); <c>typedsockets</c>, the default, is the native backplane.
/// </summary>
internal static class RedisProtocolOption
{
    public static RedisBackplaneProtocol Read(IConfiguration configuration) => configuration["redis-protocol"] switch
    {
        null or "" or "typedsockets" => RedisBackplaneProtocol.TypedSockets,
        "socketio" => RedisBackplaneProtocol.SocketIO,
        var other => throw new InvalidOperationException($"--redis-protocol must be socketio or typedsockets, not '{other}'."),
    };
}
