namespace TypedSockets.Redis;

/// <summary>The first byte of every envelope the backplane publishes.</summary>
internal enum RedisMessageKind : byte
{
    Broadcast = 1,
    BroadcastWithAck = 2,
    Command = 3,
    ServerSideEvent = 4,
    AckReply = 5,

    /// <summary>A recoverable packet, published by a script with its stream id appended.</summary>
    Recoverable = 6,
}
