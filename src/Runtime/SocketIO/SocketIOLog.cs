using Microsoft.Extensions.Logging;

namespace TypedSockets.SocketIO;

/// <summary>Log messages of the Socket.IO layer (event ids 3000–3099).</summary>
internal static partial class SocketIOLog
{
    [LoggerMessage(3001, LogLevel.Warning, "Socket.IO protocol error on Engine.IO session {SessionId}: {Error}; closing the session.")]
    public static partial void ProtocolError(ILogger logger, string sessionId, string error);

    [LoggerMessage(3002, LogLevel.Information, "Engine.IO session {SessionId} joined no namespace within {Timeout}; closing it.")]
    public static partial void ConnectTimeout(ILogger logger, string sessionId, TimeSpan timeout);

    [LoggerMessage(3003, LogLevel.Debug, "Engine.IO session {SessionId} asked for unknown namespace {Namespace}.")]
    public static partial void InvalidNamespace(ILogger logger, string sessionId, string @namespace);

    [LoggerMessage(3004, LogLevel.Debug, "Socket {SocketId} refused by the middleware of namespace {Namespace}: {Message}.")]
    public static partial void ConnectRefused(ILogger logger, string socketId, string @namespace, string message);

    [LoggerMessage(3005, LogLevel.Debug, "Socket {SocketId} connected to namespace {Namespace} on Engine.IO session {SessionId}.")]
    public static partial void SocketConnected(ILogger logger, string socketId, string @namespace, string sessionId);

    [LoggerMessage(3006, LogLevel.Debug, "Socket {SocketId} left namespace {Namespace}: {Reason}.")]
    public static partial void SocketDisconnected(ILogger logger, string socketId, string @namespace, string reason);

    [LoggerMessage(3007, LogLevel.Error, "A handler of socket {SocketId} in namespace {Namespace} failed.")]
    public static partial void HandlerFailed(ILogger logger, string socketId, string @namespace, Exception exception);

    [LoggerMessage(3008, LogLevel.Error, "A connection middleware of namespace {Namespace} failed; refusing socket {SocketId}.")]
    public static partial void MiddlewareFailed(ILogger logger, string @namespace, string socketId, Exception exception);

    [LoggerMessage(3009, LogLevel.Warning, "Engine.IO session {SessionId} refused a packet (closed or over its outbound bound); its sockets are disconnected.")]
    public static partial void SendRefused(ILogger logger, string sessionId);

    [LoggerMessage(3010, LogLevel.Error, "The handler of server-side event {EventName} in namespace {Namespace} failed.")]
    public static partial void ServerSideHandlerFailed(ILogger logger, string eventName, string @namespace, Exception exception);

    [LoggerMessage(3011, LogLevel.Debug, "Socket {SocketId} recovered in namespace {Namespace} with {Packets} missed packets.")]
    public static partial void SocketRecovered(ILogger logger, string socketId, string @namespace, int packets);

    [LoggerMessage(3012, LogLevel.Debug, "A session of namespace {Namespace} was not recovered ({Reason}); the client connects as a new socket.")]
    public static partial void RecoveryRefused(ILogger logger, string @namespace, string reason);
}
