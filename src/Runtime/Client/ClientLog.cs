using Microsoft.Extensions.Logging;

namespace TypedSockets.Client;

/// <summary>Log messages of the Socket.IO client (event ids 5000–5099).</summary>
internal static partial class ClientLog
{
    public const string Category = "TypedSockets.Client";

    [LoggerMessage(5001, LogLevel.Information, "Connected to {Namespace} of {Uri} as {SocketId} over {Transport} (recovered: {Recovered}).")]
    public static partial void Connected(ILogger logger, string @namespace, Uri uri, string socketId, string transport, bool recovered);

    [LoggerMessage(5002, LogLevel.Information, "Disconnected from {Namespace}: {Reason}.")]
    public static partial void Disconnected(ILogger logger, string @namespace, string reason);

    [LoggerMessage(5003, LogLevel.Warning, "Reconnection attempt {Attempt} to {Uri} failed; next in {Delay}.")]
    public static partial void ReconnectFailed(ILogger logger, int attempt, Uri uri, TimeSpan delay, Exception exception);

    [LoggerMessage(5004, LogLevel.Error, "Handler of event {Event} failed.")]
    public static partial void HandlerFailed(ILogger logger, string @event, Exception exception);

    [LoggerMessage(5005, LogLevel.Warning, "Server sent a packet that breaks the protocol: {Error}; dropping the connection.")]
    public static partial void ProtocolError(ILogger logger, string error);

    [LoggerMessage(5006, LogLevel.Warning, "Connection attempt {Attempt} to {Uri} failed ({Error}); next in {Delay}.")]
    public static partial void ConnectFailed(ILogger logger, int attempt, Uri uri, TimeSpan delay, string error);

    [LoggerMessage(5007, LogLevel.Warning, "Gave up reconnecting to {Namespace} after {Attempts} attempts.")]
    public static partial void ReconnectGaveUp(ILogger logger, string @namespace, int attempts);

    [LoggerMessage(5008, LogLevel.Warning, "Namespace {Namespace} refused the reconnection: {Error}; not retrying.")]
    public static partial void ReconnectRefused(ILogger logger, string @namespace, string error);

    [LoggerMessage(5009, LogLevel.Error, "Restoring the state of {Namespace} after an unrecovered reconnection failed.")]
    public static partial void RestoreStateFailed(ILogger logger, string @namespace, Exception exception);

    [LoggerMessage(5010, LogLevel.Debug, "Upgraded the Engine.IO session from polling to WebSocket.")]
    public static partial void Upgraded(ILogger logger);

    [LoggerMessage(5011, LogLevel.Information, "Staying on polling: the WebSocket upgrade failed ({Error}).")]
    public static partial void UpgradeFailed(ILogger logger, string error);

    [LoggerMessage(5012, LogLevel.Information, "The server answered a poll with HTTP {Status}; the connection ends.")]
    public static partial void PollRefused(ILogger logger, int status);
}
