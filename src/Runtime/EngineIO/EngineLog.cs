using Microsoft.Extensions.Logging;

namespace TypedSockets.EngineIO;

/// <summary>Log messages of the Engine.IO layer (event ids 2000–2099).</summary>
internal static partial class EngineLog
{
    [LoggerMessage(EventId = 2001, Level = LogLevel.Debug, Message = "Engine.IO session {SessionId} opened over {Transport}.")]
    public static partial void SessionOpened(ILogger logger, string sessionId, string transport);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Debug, Message = "Engine.IO session {SessionId} over {Transport} closed ({Reason}). {Detail}")]
    public static partial void SessionClosed(ILogger logger, string sessionId, string transport, string reason, string detail);

    [LoggerMessage(EventId = 2003, Level = LogLevel.Debug, Message = "Engine.IO request refused with HTTP {Status}, code {Code}: {Detail}")]
    public static partial void RequestRefused(ILogger logger, int status, EngineErrorCode code, string detail);

    [LoggerMessage(EventId = 2004, Level = LogLevel.Information, Message = "Engine.IO session {SessionId} broke the protocol: {Detail}")]
    public static partial void ProtocolViolation(ILogger logger, string sessionId, string detail);

    [LoggerMessage(EventId = 2005, Level = LogLevel.Warning, Message = "Engine.IO session {SessionId} is closed as a slow consumer: outbound queue full (a {Length} byte message would exceed the {Limit} byte bound).")]
    public static partial void OutboundQueueFull(ILogger logger, string sessionId, int length, long limit);

    [LoggerMessage(EventId = 2006, Level = LogLevel.Error, Message = "The Engine.IO session handler failed for session {SessionId}.")]
    public static partial void HandlerFailed(ILogger logger, Exception exception, string sessionId);

    [LoggerMessage(EventId = 2007, Level = LogLevel.Debug, Message = "Engine.IO session {SessionId} upgraded to websocket.")]
    public static partial void Upgraded(ILogger logger, string sessionId);

    [LoggerMessage(EventId = 2008, Level = LogLevel.Debug, Message = "Engine.IO session {SessionId}: upgrade abandoned ({Detail}); the session stays on polling.")]
    public static partial void UpgradeAbandoned(ILogger logger, string sessionId, string detail);

    [LoggerMessage(EventId = 2009, Level = LogLevel.Information, Message = "Engine.IO request from origin {Origin} refused: the origin is not allowed.")]
    public static partial void OriginRefused(ILogger logger, string origin);

    [LoggerMessage(EventId = 2010, Level = LogLevel.Debug, Message = "Engine.IO session {SessionId}: the {Transport} transport failed.")]
    public static partial void TransportFailed(ILogger logger, Exception exception, string sessionId, string transport);

    [LoggerMessage(EventId = 2020, Level = LogLevel.Warning, Message = "Engine.IO handshake from {Address} refused with HTTP 429: over the limit of {Limit} ({Dropped} similar refusals dropped before this one).")]
    public static partial void AdmissionRefused(ILogger logger, string address, string limit, int dropped);
}
