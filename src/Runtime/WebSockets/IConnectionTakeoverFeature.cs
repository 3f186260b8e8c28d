using Microsoft.AspNetCore.Http;

namespace TypedSockets.WebSockets;

/// <summary>
/// A connection whose host can take it back from the HTTP server once a request on it accepted a WebSocket: the
/// request then ends at once, the HTTP server lets go of the connection and of everything it kept for the request,
/// and the WebSocket runs on the raw connection. Offered (as a connection feature, which the request's features
/// fall back to) by the fast path's pipeline mode.
/// </summary>
internal interface IConnectionTakeoverFeature
{
    /// <summary>
    /// Starts a WebSocket request's handling with <paramref name="start"/>, in the execution context the host runs the
    /// connection in (one started in the request's would keep the request's <c>Activity</c> and log scopes, async
    /// locals, for as long as it lives). When the acceptor took the connection meanwhile (<see cref="TryTakeOver"/>,
    /// called synchronously within <paramref name="start"/>), the host runs what <paramref name="start"/> returned once
    /// the HTTP server let go, and the request gets a completed task; otherwise the request awaits it as usual.
    /// </summary>
    Task Run(Func<Task> start);

    /// <summary>
    /// Takes the connection for the WebSocket whose handshake answer <paramref name="context"/>'s response holds (its
    /// status is about to be 101, its headers are set): writes that answer to the raw connection (sent at once with
    /// <paramref name="sendNow"/>, otherwise with the WebSocket's first message) and returns the duplex to frame over;
    /// null when the connection cannot be taken (taken already, or the response started), and the request upgrades as usual.
    /// </summary>
    WebSocketDuplex? TryTakeOver(HttpContext context, bool sendNow);
}
