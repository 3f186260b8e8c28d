using Microsoft.Extensions.Logging;

namespace TypedSockets.Hubs;

/// <summary>Log messages of typed hubs (event ids 4000–4099).</summary>
internal static partial class HubLog
{
    public const string Category = "TypedSockets.Hubs";

    [LoggerMessage(4001, LogLevel.Warning, "Event {Event} from connection {ConnectionId} in {Namespace} has invalid arguments: {Error}")]
    public static partial void InvalidArguments(ILogger logger, string @event, string connectionId, string @namespace, string error);

    [LoggerMessage(4002, LogLevel.Error, "Hub method for event {Event} failed for connection {ConnectionId} in {Namespace}.")]
    public static partial void InvocationFailed(ILogger logger, string @event, string connectionId, string @namespace, Exception exception);

    [LoggerMessage(4003, LogLevel.Error, "{Handler} failed for connection {ConnectionId} in {Namespace}.")]
    public static partial void LifecycleFailed(ILogger logger, string handler, string connectionId, string @namespace, Exception exception);

    [LoggerMessage(4004, LogLevel.Warning, "Event {Event} from connection {ConnectionId} in {Namespace} has no hub method and no handler (closest hub event: {Suggestion}); {Suppressed} more unknown events were not logged since the last line.")]
    public static partial void UnknownEvent(ILogger logger, string @event, string connectionId, string @namespace, string suggestion, int suppressed);
}
