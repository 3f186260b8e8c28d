using Microsoft.Extensions.Logging;

namespace TypedSockets.Redis;

/// <summary>Log messages of the Redis backplane (event ids 7000–7099).</summary>
internal static partial class RedisBackplaneLog
{
    [LoggerMessage(7001, LogLevel.Information, "Redis backplane node {NodeId} connected to {Endpoint}.")]
    public static partial void Connected(ILogger logger, string nodeId, string endpoint);

    [LoggerMessage(7002, LogLevel.Warning, "Redis backplane lost its {ConnectionType} connection to {Endpoint} ({FailureType}); serving local clients only until it is back.")]
    public static partial void ConnectionLost(ILogger logger, string connectionType, string endpoint, string failureType, Exception? exception);

    [LoggerMessage(7003, LogLevel.Information, "Redis backplane restored its {ConnectionType} connection to {Endpoint}.")]
    public static partial void ConnectionRestored(ILogger logger, string connectionType, string endpoint);

    [LoggerMessage(7004, LogLevel.Warning, "Redis backplane operation {Operation} failed; using this node's view.")]
    public static partial void OperationFailed(ILogger logger, string operation, Exception exception);

    [LoggerMessage(7005, LogLevel.Information, "Redis backplane removed expired node {NodeId}.")]
    public static partial void NodeExpired(ILogger logger, string nodeId);

    [LoggerMessage(7006, LogLevel.Warning, "Redis backplane could not handle a message on {Channel}; dropped it.")]
    public static partial void MalformedMessage(ILogger logger, string channel, Exception exception);

    [LoggerMessage(7007, LogLevel.Debug, "Redis is unreachable; a {Kind} for namespace {Namespace} reached local clients only.")]
    public static partial void NotPublished(ILogger logger, string kind, string @namespace);

    [LoggerMessage(7008, LogLevel.Information, "Redis backplane node {NodeId} republished its {Sockets} sockets.")]
    public static partial void Resynchronized(ILogger logger, string nodeId, int sockets);
}
