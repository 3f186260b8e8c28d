using TypedSockets.EngineIO;
using TypedSockets.SocketIO;

namespace TypedSockets.Hosting;

/// <summary>Everything <c>AddTypedSockets</c> configures: the Engine.IO endpoint and the Socket.IO layer above it.</summary>
public sealed class TypedSocketsOptions
{
    /// <summary>Engine.IO settings (heartbeat, payload and outbound limits, transports, CORS); socket.io's defaults.</summary>
    public EngineOptions EngineIO { get; } = new();

    /// <summary>Socket.IO settings (connect timeout, attachment limit, per-socket event queue).</summary>
    public SocketIOOptions SocketIO { get; } = new();
}
