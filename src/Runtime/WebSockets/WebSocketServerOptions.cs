namespace TypedSockets.WebSockets;

/// <summary>
/// Options of the server role (<see cref="WebSocketAcceptor"/>, <c>MapWebSocket</c>). Under <c>AddTypedSockets</c>,
/// <c>TypedSocketsOptions.WebSockets</c> (configuration section <c>TypedSockets:WebSockets</c>) sets the close timeout
/// and keep-alive of Engine.IO's WebSocket transport; there the message size limit is <c>EngineOptions.MaxPayload</c>,
/// the origins are Engine.IO's own (<c>EngineOptions.AllowedOrigins</c>) and no subprotocol is spoken.
/// </summary>
public sealed class WebSocketServerOptions : WebSocketConnectionOptions
{
    /// <summary>
    /// Subprotocols the server speaks. The first one the client offers (in the client's order) that is
    /// listed here is selected; none is selected when nothing matches. Default empty. Each must be an HTTP
    /// token (no spaces, commas or separators).
    /// </summary>
    public IList<string> SubProtocols { get; } = new List<string>();

    /// <summary>
    /// Decides on the <c>Origin</c> header (null when absent); false refuses the handshake with 403.
    /// Default null: every origin is accepted, as browsers' same-origin rules do not apply to WebSockets
    /// and non-browser clients send none. Not bound from configuration.
    /// </summary>
    public Func<string?, bool>? OriginPolicy { get; set; }
}
