namespace TypedSockets.Hubs;

/// <summary>
/// Limits how often one socket may send an event: a token bucket of <see cref="Permits"/> tokens, refilled at
/// <see cref="Permits"/> per <see cref="PerSeconds"/> seconds (System.Threading.RateLimiting's
/// <c>TokenBucketRateLimiter</c>). On a hub method (implementation or contract interface) it limits that event; on
/// a hub class, all its events together. Every socket has its own budget. What happens beyond it:
/// <see cref="HubSecurityOptions.RateLimitExceeded"/>.
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Interface | AttributeTargets.Method, AllowMultiple = false, Inherited = true)]
public sealed class EventRateLimitAttribute : Attribute
{
    /// <summary>At most <paramref name="permits"/> events per <paramref name="perSeconds"/> seconds, per socket.</summary>
    /// <param name="permits">The bucket's size and refill per period; at least 1.</param>
    /// <param name="perSeconds">The period in seconds; greater than 0. Default 1.</param>
    public EventRateLimitAttribute(int permits, double perSeconds = 1)
    {
        Permits = permits;
        PerSeconds = perSeconds;
    }

    /// <summary>The bucket's size, and how many tokens come back per period.</summary>
    public int Permits { get; }

    /// <summary>The period, in seconds.</summary>
    public double PerSeconds { get; }
}
