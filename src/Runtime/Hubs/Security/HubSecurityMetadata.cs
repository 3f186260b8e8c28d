using System.ComponentModel;

namespace TypedSockets.Hubs.Infrastructure;

/// <summary>
/// What the generator read from a hub's <c>[Authorize]</c>, <c>[AllowAnonymous]</c> and <c>[EventRateLimit]</c>
/// attributes, so the runtime needs no reflection: the hub's own requirements (checked at connect) and each event's,
/// by event number. For generated code only.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class HubSecurityMetadata
{
    /// <summary>The metadata of one hub.</summary>
    /// <param name="authorize">The hub's <c>[Authorize]</c> data; null when it has none or is <c>[AllowAnonymous]</c>.</param>
    /// <param name="rateLimit">The hub's <c>[EventRateLimit]</c>, shared by all its events; null for none.</param>
    /// <param name="events">Each event's own requirements by event number; null entries for events with none.</param>
    public HubSecurityMetadata(HubAuthorizeData[]? authorize, HubRateLimitData? rateLimit, HubEventSecurity?[] events)
    {
        ArgumentNullException.ThrowIfNull(events);
        Authorize = authorize;
        RateLimit = rateLimit;
        Events = events;
    }

    /// <summary>The hub's authorization data, checked when a socket connects; null for none.</summary>
    public HubAuthorizeData[]? Authorize { get; }

    /// <summary>The rate limit all the hub's events share per socket; null for none.</summary>
    public HubRateLimitData? RateLimit { get; }

    /// <summary>Each event's requirements, by event number.</summary>
    public HubEventSecurity?[] Events { get; }
}

/// <summary>One event's requirements. For generated code only.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class HubEventSecurity
{
    /// <summary>The requirements of one event.</summary>
    /// <param name="authorize">The method's <c>[Authorize]</c> data (implementation and contract); null when none or <c>[AllowAnonymous]</c>.</param>
    /// <param name="rateLimit">The method's <c>[EventRateLimit]</c>; null for none.</param>
    public HubEventSecurity(HubAuthorizeData[]? authorize, HubRateLimitData? rateLimit)
    {
        Authorize = authorize;
        RateLimit = rateLimit;
    }

    /// <summary>The method's authorization data; null for none.</summary>
    public HubAuthorizeData[]? Authorize { get; }

    /// <summary>The method's own rate limit per socket; null for none.</summary>
    public HubRateLimitData? RateLimit { get; }
}

/// <summary>One <c>[Authorize]</c> as plain data (no attribute instance, no reflection). For generated code only.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class HubAuthorizeData : Microsoft.AspNetCore.Authorization.IAuthorizeData
{
    /// <summary>One <c>[Authorize]</c>.</summary>
    /// <param name="policy">Its policy name, or null.</param>
    /// <param name="roles">Its comma-separated roles, or null.</param>
    /// <param name="authenticationSchemes">Its comma-separated schemes, or null.</param>
    public HubAuthorizeData(string? policy, string? roles, string? authenticationSchemes)
    {
        Policy = policy;
        Roles = roles;
        AuthenticationSchemes = authenticationSchemes;
    }

    /// <inheritdoc />
    public string? Policy { get; set; }

    /// <inheritdoc />
    public string? Roles { get; set; }

    /// <inheritdoc />
    public string? AuthenticationSchemes { get; set; }
}

/// <summary>One <c>[EventRateLimit]</c> as plain data. For generated code only.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class HubRateLimitData
{
    /// <summary>A token bucket of <paramref name="permits"/> refilled per <paramref name="perSeconds"/> seconds.</summary>
    /// <param name="permits">The bucket's size; at least 1.</param>
    /// <param name="perSeconds">The refill period in seconds; greater than 0.</param>
    public HubRateLimitData(int permits, double perSeconds)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(permits, 1);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(perSeconds);
        Permits = permits;
        Period = TimeSpan.FromSeconds(perSeconds);
    }

    /// <summary>The bucket's size and refill per period.</summary>
    public int Permits { get; }

    /// <summary>The refill period.</summary>
    public TimeSpan Period { get; }
}
