using TypedSockets.Diagnostics;
using TypedSockets.EngineIO;
using TypedSockets.Hubs;
using TypedSockets.SocketIO;
using TypedSockets.WebSockets;

namespace TypedSockets.Hosting;

/// <summary>
/// Every server option, one object per layer: set in <c>AddTypedSockets(o =&gt; …)</c> or bound from a
/// configuration section (<see cref="SectionName"/> by convention) with <c>AddTypedSockets(configuration)</c>.
/// The whole object is validated when the host starts; an invalid value fails the start with a message that
/// names the option by its configuration path.
/// </summary>
public sealed class TypedSocketsOptions
{
    /// <summary>The configuration section these options are conventionally bound from: <c>TypedSockets</c>.</summary>
    public const string SectionName = "TypedSockets";

    /// <summary>
    /// Timers of the WebSocket layer under Engine.IO's WebSocket transport: the close timeout and an optional
    /// keep-alive. The message size limit there is <see cref="EngineIO"/>'s <see cref="EngineOptions.MaxPayload"/>.
    /// </summary>
    public WebSocketServerOptions WebSockets { get; } = new();

    /// <summary>Engine.IO settings (heartbeat, payload and outbound limits, transports, CORS); socket.io's defaults.</summary>
    public EngineOptions EngineIO { get; } = new();

    /// <summary>Socket.IO settings (connect timeout, attachment limit, per-socket event queue).</summary>
    public SocketIOOptions SocketIO { get; } = new();

    /// <summary>Typed hub settings (client-result timeout, detailed errors).</summary>
    public HubOptions Hubs { get; } = new();

    /// <summary>What the <c>TypedSockets</c> meter records beyond its defaults (section <c>Telemetry</c>).</summary>
    public TelemetryOptions Telemetry { get; } = new();
}
