namespace TypedSockets.Generators.Model;

/// <summary>
/// A hub's <c>[Authorize]</c>, <c>[AllowAnonymous]</c> and <c>[EventRateLimit]</c> attributes as plain values:
/// the hub's (checked at connect; none when <c>[AllowAnonymous]</c>) and each event's, in event order. Null on the
/// hub spec when it has none at all, so such hubs generate exactly what they did before.
/// </summary>
internal sealed record HubSecuritySpec(
    EquatableArray<AuthorizeSpec> Authorize,
    RateLimitSpec? RateLimit,
    EquatableArray<EventSecuritySpec> Events);

/// <summary>One event's requirements; <see cref="IsEmpty"/> when it has none of its own.</summary>
internal sealed record EventSecuritySpec(EquatableArray<AuthorizeSpec> Authorize, RateLimitSpec? RateLimit)
{
    public bool IsEmpty => Authorize.Count == 0 && RateLimit is null;
}

/// <summary>One <c>[Authorize]</c>: its policy, roles and schemes (each may be null).</summary>
internal sealed record AuthorizeSpec(string? Policy, string? Roles, string? Schemes);

/// <summary>One <c>[EventRateLimit(permits, perSeconds)]</c>.</summary>
internal sealed record RateLimitSpec(int Permits, double PerSeconds);
