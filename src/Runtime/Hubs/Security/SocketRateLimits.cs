using System.Threading.RateLimiting;
using TypedSockets.Hubs.Infrastructure;

namespace TypedSockets.Hubs;

/// <summary>
/// One socket's rate-limit budgets for one hub: a token bucket per limited event and one the hub's events share,
/// created on the event's first use. The buckets replenish from elapsed time when asked (no timer per socket):
/// <c>TokenBucketRateLimiter</c> without auto-replenishment, topped up on each attempt. Events of one socket are
/// handled one at a time, so this needs no lock of its own.
/// </summary>
internal sealed class SocketRateLimits : IDisposable
{
    private readonly TokenBucketRateLimiter?[] _events;
    private TokenBucketRateLimiter? _hub;

    public SocketRateLimits(int eventCount)
    {
        _events = new TokenBucketRateLimiter?[eventCount];
    }

    /// <summary>How many events in a row were refused (reset by one that passes).</summary>
    public int ConsecutiveExcess { get; private set; }

    /// <summary>Takes a token from each bucket that applies; false (and nothing taken from the event's own bucket) when one is empty.</summary>
    public bool TryAcquire(EventGuard guard, int eventId, HubRateLimitData? hubLimit)
    {
        if (guard.RateLimit is { } own && !TryTake(_events[eventId] ??= Create(own)))
        {
            ConsecutiveExcess++;
            return false;
        }

        if (guard.HubRateLimited && hubLimit is not null && !TryTake(_hub ??= Create(hubLimit)))
        {
            ConsecutiveExcess++;
            return false;
        }

        ConsecutiveExcess = 0;
        return true;
    }

    public void Dispose()
    {
        foreach (var limiter in _events)
        {
            limiter?.Dispose();
        }

        _hub?.Dispose();
    }

    private static bool TryTake(TokenBucketRateLimiter limiter)
    {
        limiter.TryReplenish();
        using var lease = limiter.AttemptAcquire(1);
        return lease.IsAcquired;
    }

    private static TokenBucketRateLimiter Create(HubRateLimitData limit) => new(new TokenBucketRateLimiterOptions
    {
        TokenLimit = limit.Permits,
        TokensPerPeriod = limit.Permits,
        ReplenishmentPeriod = limit.Period,
        QueueLimit = 0,
        AutoReplenishment = false,
    });
}
