namespace TypedSockets.Bench.LoadGen;

/// <summary>What the publisher and the receivers of one broadcast run share.</summary>
internal sealed class BroadcastRun(int receivers)
{
    private long _delivered;

    public int Receivers { get; } = receivers;

    public RunPhase Phase { get; } = new();

    public LatencyHistogram Latency { get; } = new();

    /// <summary>Woken whenever a publish ack arrives or another publish's worth of deliveries completed.</summary>
    public SemaphoreSlim PublisherWake { get; } = new(0);

    public long Delivered => Interlocked.Read(ref _delivered);

    public void CountDelivery()
    {
        if (Interlocked.Increment(ref _delivered) % Receivers == 0)
        {
            WakePublisher();
        }
    }

    public void WakePublisher()
    {
        if (PublisherWake.CurrentCount == 0)
        {
            PublisherWake.Release();
        }
    }
}
