namespace TypedSockets.Bench.LoadGen;

/// <summary>A receiver of room <c>bench</c>'s ticks, as the broadcast scenarios count them.</summary>
internal interface ITickCounter
{
    /// <summary>Ticks received since the run began (every tick checked once and in order).</summary>
    long Received { get; }

    /// <summary>Ticks received inside the measured window.</summary>
    long MeasuredDeliveries { get; }

    bool IsAlive { get; }
}

/// <summary>
/// The end of a broadcast run: waits until every publish was acknowledged and every receiver has exactly the ticks
/// published, records what is missing as errors, and sums the deliveries of the measured window.
/// </summary>
internal static class BroadcastDrain
{
    public static async Task<long> CheckAsync<TReceiver>(PublisherSession publisher, IReadOnlyList<TReceiver> receivers, TimeSpan timeout,
        ScenarioResult result)
        where TReceiver : ITickCounter
    {
        var published = publisher.Published;
        if (!await Poll.UntilAsync(() => publisher.InFlight == 0 && receivers.All(session => session.Received == published), timeout))
        {
            if (publisher.InFlight > 0)
            {
                result.Errors.Add($"{publisher.InFlight} publish acks never arrived");
            }

            var incomplete = receivers.Count(session => session.Received != published);
            if (incomplete > 0)
            {
                var dead = receivers.Count(session => !session.IsAlive);
                result.Errors.Add($"{incomplete} of {receivers.Count} receivers did not get exactly the {published} ticks published " +
                    $"(one got {receivers.First(session => session.Received != published).Received}; {dead} connections closed)");
            }
        }

        long deliveries = 0;
        foreach (var session in receivers)
        {
            deliveries += session.MeasuredDeliveries;
        }

        if (deliveries == 0)
        {
            result.Errors.Add("no delivery while measuring");
        }

        return deliveries;
    }
}
