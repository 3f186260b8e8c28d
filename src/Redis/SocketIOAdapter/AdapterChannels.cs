using StackExchange.Redis;
using TypedSockets.SocketIO;

namespace TypedSockets.Redis.SocketIOAdapter;

/// <summary>The channels of one namespace in @socket.io/redis-adapter's naming, made once per namespace.</summary>
internal sealed class AdapterChannels
{
    public AdapterChannels(Namespace nsp, string key, string uid)
    {
        Namespace = nsp;
        BroadcastName = key + "#" + nsp.Name + "#";
        Broadcast = RedisChannel.Literal(BroadcastName);
        BroadcastPattern = RedisChannel.Pattern(BroadcastName + "*");
        RequestName = key + "-request#" + nsp.Name + "#";
        Request = RedisChannel.Literal(RequestName);
        Response = RedisChannel.Literal(key + "-response#" + nsp.Name + "#");
        OwnResponse = RedisChannel.Literal(key + "-response#" + nsp.Name + "#" + uid + "#");
    }

    public Namespace Namespace { get; }

    /// <summary><c>key#nsp#</c>: broadcasts to the whole namespace or to several rooms.</summary>
    public string BroadcastName { get; }

    public RedisChannel Broadcast { get; }

    /// <summary><c>key#nsp#*</c>: every broadcast of the namespace, room channels included.</summary>
    public RedisChannel BroadcastPattern { get; }

    public string RequestName { get; }

    public RedisChannel Request { get; }

    public RedisChannel Response { get; }

    /// <summary>Answers meant for this node alone (senders with <c>publishOnSpecificResponseChannel</c>).</summary>
    public RedisChannel OwnResponse { get; }

    /// <summary>The channel a broadcast to exactly one room goes to: <c>key#nsp#room#</c>.</summary>
    public RedisChannel RoomChannel(string room) => RedisChannel.Literal(BroadcastName + room + "#");
}
