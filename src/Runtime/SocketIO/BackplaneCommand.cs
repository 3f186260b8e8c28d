namespace TypedSockets.SocketIO;

/// <summary>What a command sent through the backplane makes the matching sockets of another node do.</summary>
public enum BackplaneCommand : byte
{
    /// <summary>Join the room given with the command.</summary>
    Join = 1,
    /// <summary>Leave the room given with the command.</summary>
    Leave = 2,
    /// <summary>Disconnect (with <c>close</c>: close the whole connection).</summary>
    Disconnect = 3,
}
