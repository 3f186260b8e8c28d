using Microsoft.Extensions.Logging;

namespace TypedSockets.Hubs;

/// <summary>Log messages of typed hubs (event ids 4000–4099).</summary>
internal static partial class HubLog
{
    public const string Category = "TypedSockets.Hubs";

    // Client-caused failures (4001, 4004, 4006): warnings without a stack, at most a few per window (LogThrottle); the
    // count of lines dropped before each one rides along, so an operator sees the rate of an attack.
    [LoggerMessage(4001, LogLevel.Warning, "Event {Event} from connection {ConnectionId} in {Namespace} has invalid arguments: {Error} ({Dropped} similar warnings dropped before this one)")]
    public static partial void InvalidArguments(ILogger logger, string @event, string connectionId, string @namespace, string error, int dropped);

    [LoggerMessage(4004, LogLevel.Warning, "The result of event {Event} from connection {ConnectionId} in {Namespace} could not be written as JSON: {Error} ({Dropped} similar warnings dropped before this one)")]
    public static partial void ResultNotWritable(ILogger logger, string @event, string connectionId, string @namespace, string error, int dropped);

    [LoggerMessage(4006, LogLevel.Warning, "Event {Event} from connection {ConnectionId} in {Namespace} did not join room {Room}: the connection is in {Limit} rooms already (MaxRoomsPerSocket) ({Dropped} similar warnings dropped before this one)")]
    public static partial void RoomLimitReached(ILogger logger, string @event, string connectionId, string @namespace, string room, int limit, int dropped);

    [LoggerMessage(4002, LogLevel.Error, "Hub method for event {Event} failed for connection {ConnectionId} in {Namespace}.")]
    public static partial void InvocationFailed(ILogger logger, string @event, string connectionId, string @namespace, Exception exception);

    [LoggerMessage(4003, LogLevel.Error, "{Handler} failed for connection {ConnectionId} in {Namespace}.")]
    public static partial void LifecycleFailed(ILogger logger, string handler, string connectionId, string @namespace, Exception exception);

    [LoggerMessage(4005, LogLevel.Warning, "Event {Event} from connection {ConnectionId} in {Namespace} has no hub method and no handler (closest hub event: {Suggestion}); {Suppressed} more unknown events were not logged since the last line.")]
    public static partial void UnknownEvent(ILogger logger, string @event, string connectionId, string @namespace, string suggestion, int suppressed);
}
