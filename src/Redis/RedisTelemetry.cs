using TypedSockets.SocketIO;

namespace TypedSockets.Redis;

/// <summary>What the Redis backplane reports to the <c>TypedSockets</c> meter, through its <see cref="BackplaneHost"/>.</summary>
internal static class RedisTelemetry
{
    /// <summary>The <c>typedsockets.backplane.message</c> tag of a message kind.</summary>
    public static string Name(RedisMessageKind kind) => kind switch
    {
        RedisMessageKind.Broadcast => "broadcast",
        RedisMessageKind.BroadcastWithAck => "broadcast_with_ack",
        RedisMessageKind.Command => "command",
        RedisMessageKind.ServerSideEvent => "server_side_event",
        RedisMessageKind.AckReply => "ack_reply",
        _ => "unknown",
    };

    /// <summary>
    /// A message arrived: its lag from the publication time it carries, and, when another node sent it, its count.
    /// Redis hands a node its own publications too; those give the lag on one clock and are not counted as received.
    /// </summary>
    public static void Received(BackplaneHost host, RedisMessageKind kind, long sentAtUnixTicks, bool ownMessage)
    {
        var lag = TimeSpan.FromTicks(DateTime.UtcNow.Ticks - DateTime.UnixEpoch.Ticks - sentAtUnixTicks);
        host.ReportLag(lag, ownMessage);
        if (!ownMessage)
        {
            host.ReportReceived(Name(kind));
        }
    }
}
