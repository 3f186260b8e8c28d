using Microsoft.Extensions.Logging;

namespace TypedSockets.Redis.SocketIOAdapter;

/// <summary>Log messages of the socket.io-compatible Redis protocol (event ids 7150–7169).</summary>
internal static partial class SocketIOAdapterLog
{
    [LoggerMessage(7150, LogLevel.Information, "socket.io Redis adapter node {Uid} connected to {Endpoint} with key {Key}.")]
    public static partial void Connected(ILogger logger, string uid, string endpoint, string key);

    [LoggerMessage(7151, LogLevel.Warning, "socket.io Redis adapter operation {Operation} failed; using this node's view.")]
    public static partial void OperationFailed(ILogger logger, string operation, Exception exception);

    [LoggerMessage(7152, LogLevel.Warning, "socket.io Redis adapter could not handle a message on {Channel}; dropped it.")]
    public static partial void MalformedMessage(ILogger logger, string channel, Exception exception);

    [LoggerMessage(7153, LogLevel.Debug, "Redis is unreachable; a {Kind} for namespace {Namespace} reached local clients only.")]
    public static partial void NotPublished(ILogger logger, string kind, string @namespace);

    [LoggerMessage(7154, LogLevel.Information, "socket.io Redis adapter: {Operation} got {Received} of {Expected} answers in time.")]
    public static partial void PartialAnswers(ILogger logger, string operation, int received, int expected);

    [LoggerMessage(7155, LogLevel.Error, "The acknowledging server-side handler of {EventName} in namespace {Namespace} failed; the event is not answered.")]
    public static partial void ServerSideHandlerFailed(ILogger logger, string eventName, string @namespace, Exception exception);
}
