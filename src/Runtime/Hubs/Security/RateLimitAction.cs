namespace TypedSockets.Hubs;

/// <summary>What happens to an event that is over its rate limit.</summary>
public enum RateLimitAction
{
    /// <summary>The event is not handled; when it asked for an ack, the ack is <c>{"error":"rate limited"}</c>. A log line at debug level.</summary>
    ErrorAck = 0,

    /// <summary>The event is dropped without an answer (an ack it asked for never comes).</summary>
    Drop = 1,

    /// <summary>The socket is disconnected from the namespace at the first excess.</summary>
    Disconnect = 2,
}
