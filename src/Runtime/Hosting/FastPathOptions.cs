namespace TypedSockets.Hosting;

/// <summary>How the WebSocket fast path (<c>UseTypedSocketsFastPath</c>) takes Socket.IO's WebSocket connections.</summary>
public sealed class FastPathOptions
{
    /// <summary>
    /// False (the default): a valid WebSocket handshake is answered below the HTTP server, the fastest connect, but
    /// no HTTP middleware runs for it. True: every Socket.IO WebSocket handshake goes through the ASP.NET Core pipeline
    /// as without the fast path (authentication, authorization and <c>RequireAuthorization</c>, CORS policies, rate
    /// limiting, forwarded headers, request logging), and once the Socket.IO endpoint accepted it the connection is
    /// taken back from the HTTP server, which then lets go of everything it kept for the request: an idle connection
    /// costs what it costs on the fast path, a connect what it costs without it.
    /// </summary>
    public bool HandshakesThroughPipeline { get; set; }
}
