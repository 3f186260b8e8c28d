namespace TypedSockets.SocketIO;

/// <summary>One recipient's answer to a broadcast with acknowledgement.</summary>
public readonly record struct BroadcastAck(string SocketId, EventArguments Arguments);
