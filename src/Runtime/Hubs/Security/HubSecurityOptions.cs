namespace TypedSockets.Hubs;

/// <summary>
/// Authentication and rate-limit settings of typed hubs: <c>TypedSocketsOptions.Hubs.Security</c>, bound from
/// <c>TypedSockets:Hubs:Security</c>.
/// </summary>
public sealed class HubSecurityOptions
{
    /// <summary>
    /// The authentication scheme that validates a bearer token found in the handshake (CONNECT <c>auth.token</c>,
    /// <c>Authorization: Bearer</c>, <c>access_token</c> query) when the opening request's user is anonymous.
    /// Default <c>"Bearer"</c> (JwtBearer's default scheme); the token is only read when the application registered
    /// that scheme. Null or empty: tokens in the handshake are ignored.
    /// </summary>
    public string? BearerScheme { get; set; } = "Bearer";

    /// <summary>The property of the CONNECT <c>auth</c> object that holds the token. Default <c>"token"</c>.</summary>
    public string AuthTokenProperty { get; set; } = "token";

    /// <summary>What happens to an event over its rate limit. Default <see cref="RateLimitAction.ErrorAck"/>.</summary>
    public RateLimitAction RateLimitExceeded { get; set; } = RateLimitAction.ErrorAck;

    /// <summary>
    /// After this many refused events in a row (over any limit of the hub), the socket is disconnected. Default 0:
    /// never.
    /// </summary>
    public int DisconnectAfterRateLimitExcess { get; set; }
}
