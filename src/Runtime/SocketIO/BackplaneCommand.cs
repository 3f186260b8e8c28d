namespace TypedSockets.SocketIO;

/// <summary>What a command sent through the backplane makes the matching sockets of another node do.</summary>
public enum BackplaneCommand : byte
{
    Join = 1,
    Leave = 2,
    Disconnect = 3,
}
