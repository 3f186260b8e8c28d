using Microsoft.Extensions.Logging;

namespace TypedSockets.Client;

/// <summary>Log messages of the Socket.IO client (event ids 5000–5099).</summary>
internal static partial class ClientLog
{
    public const string Category = "TypedSockets.Client";

    [LoggerMessage(5001, LogLevel.Information, "Connected to {Namespace} of {Uri} as {SocketId}.")]
    public static partial void Connected(ILogger logger, string @namespace, Uri uri, string socketId);

    [LoggerMessage(5002, LogLevel.Information, "Disconnected from {Namespace}: {Reason}.")]
    public static partial void Disconnected(ILogger logger, string @namespace, string reason);

    [LoggerMessage(5003, LogLevel.Warning, "Reconnection attempt {Attempt} to {Uri} failed; next in {Delay}.")]
    public static partial void ReconnectFailed(ILogger logger, int attempt, Uri uri, TimeSpan delay, Exception exception);

    [LoggerMessage(5004, LogLevel.Error, "Handler of event {Event} failed.")]
    public static partial void HandlerFailed(ILogger logger, string @event, Exception exception);

    [LoggerMessage(5005, LogLevel.Warning, "Server sent a packet that breaks the protocol: {Error}; dropping the connection.")]
    public static partial void ProtocolError(ILogger logger, string error);
}
