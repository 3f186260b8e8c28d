using System.Net;
using Microsoft.Extensions.Logging;

namespace TypedSockets.WebSockets;

/// <summary>Log messages of the WebSocket layer (event ids 1000–1099).</summary>
internal static partial class WebSocketLog
{
    public const string Category = "TypedSockets.WebSockets";

    [LoggerMessage(1000, LogLevel.Information, "WebSocket handshake from {RemoteAddress} refused with {StatusCode}: {Reason}")]
    public static partial void HandshakeRefused(ILogger logger, IPAddress? remoteAddress, int statusCode, string reason);

    [LoggerMessage(1001, LogLevel.Information, "WebSocket peer broke the protocol ({Error}); closing with {CloseCode}")]
    public static partial void ProtocolError(ILogger logger, WebSocketError error, WebSocketCloseCode closeCode);

    [LoggerMessage(1002, LogLevel.Information, "WebSocket peer did not answer a keep-alive ping within {Timeout}; aborting")]
    public static partial void KeepAliveTimeout(ILogger logger, TimeSpan timeout);

    [LoggerMessage(1003, LogLevel.Debug, "WebSocket peer did not complete the close handshake within {Timeout}")]
    public static partial void CloseTimeout(ILogger logger, TimeSpan timeout);

    [LoggerMessage(1004, LogLevel.Debug, "WebSocket transport failed")]
    public static partial void TransportFailed(ILogger logger, Exception exception);

    [LoggerMessage(1005, LogLevel.Debug, "WebSocket closed by the peer with {CloseCode}")]
    public static partial void ClosedByPeer(ILogger logger, WebSocketCloseCode closeCode);
}
