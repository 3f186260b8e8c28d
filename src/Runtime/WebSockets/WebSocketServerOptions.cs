namespace TypedSockets.WebSockets;

/// <summary>Options of the server role (<see cref="WebSocketAcceptor"/>, <c>MapWebSocket</c>).</summary>
public sealed class WebSocketServerOptions : WebSocketConnectionOptions
{
    /// <summary>
    /// Subprotocols the server speaks. The first one the client offers (in the client's order) that is
    /// listed here is selected; none is selected when nothing matches. Default empty.
    /// </summary>
    public IList<string> SubProtocols { get; } = new List<string>();

    /// <summary>
    /// Decides on the <c>Origin</c> header (null when absent); false refuses the handshake with 403.
    /// Default null: every origin is accepted, as browsers' same-origin rules do not apply to WebSockets
    /// and non-browser clients send none.
    /// </summary>
    public Func<string?, bool>? OriginPolicy { get; set; }
}
