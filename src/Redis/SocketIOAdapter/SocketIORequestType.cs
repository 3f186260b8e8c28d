namespace TypedSockets.Redis.SocketIOAdapter;

/// <summary>The <c>type</c> of a message on @socket.io/redis-adapter's request and response channels.</summary>
internal enum SocketIORequestType
{
    Sockets = 0,
    AllRooms = 1,
    RemoteJoin = 2,
    RemoteLeave = 3,
    RemoteDisconnect = 4,
    RemoteFetch = 5,
    ServerSideEmit = 6,
    Broadcast = 7,
    BroadcastClientCount = 8,
    BroadcastAck = 9,
}
