namespace TypedSockets.Client;

/// <summary>socket.io-client's reconnection delays: exponential from the first delay, randomized, capped.</summary>
internal static class ReconnectBackoff
{
    /// <summary>The delay before reconnection attempt <paramref name="attempt"/> (0 for the first).</summary>
    public static TimeSpan Delay(SocketIOClientOptions options, int attempt)
    {
        var delay = options.ReconnectionDelay.TotalMilliseconds * Math.Pow(2, Math.Min(attempt, 16));

        // The spread keeps clients that lost the same server from coming back in lockstep.
        var spread = delay * options.RandomizationFactor;
        delay += ((Random.Shared.NextDouble() * 2) - 1) * spread;
        return TimeSpan.FromMilliseconds(Math.Clamp(delay, 0, options.ReconnectionDelayMax.TotalMilliseconds));
    }
}
