using Microsoft.Extensions.Logging;

namespace TypedSockets.Hubs;

/// <summary>Log messages of hub security (event ids 4050–4069).</summary>
internal static partial class HubSecurityLog
{
    [LoggerMessage(4050, LogLevel.Information, "Bearer token of connection {ConnectionId} to {Namespace} refused: {Failure}")]
    public static partial void TokenRefused(ILogger logger, string @namespace, string connectionId, string failure);

    [LoggerMessage(4051, LogLevel.Warning, "Event {Event} from connection {ConnectionId} in {Namespace} refused: the user does not meet its authorization policy.")]
    public static partial void EventForbidden(ILogger logger, string @event, string connectionId, string @namespace);

    [LoggerMessage(4052, LogLevel.Debug, "Event {Event} from connection {ConnectionId} in {Namespace} is over its rate limit ({Action}).")]
    public static partial void EventRateLimited(ILogger logger, string @event, string connectionId, string @namespace, RateLimitAction action);

    [LoggerMessage(4053, LogLevel.Information, "Connection {ConnectionId} in {Namespace} disconnected: {Count} events in a row over their rate limit.")]
    public static partial void RateLimitDisconnect(ILogger logger, string connectionId, string @namespace, int count);
}
