namespace TypedSockets.Bench.LoadGen;

/// <summary>
/// One broadcast run of the scale scenario: the <see cref="BroadcastRun"/> the publisher and receivers share, the run's
/// correctness log, and the time until the last receiver of each broadcast had it (with one broadcast in flight at a
/// time, every <c>receivers</c>-th delivery completes one).
/// </summary>
internal sealed class ScaleBroadcastRun(int receivers, ErrorLog errors)
{
    private long _deliveries;

    public BroadcastRun Shared { get; } = new(receivers);

    public ErrorLog Errors { get; } = errors;

    /// <summary>Publish→last receipt of each whole broadcast completed while measuring.</summary>
    public LatencyHistogram AllDelivered { get; } = new();

    public void CountDelivery(long latencyTicks)
    {
        if (Interlocked.Increment(ref _deliveries) % Shared.Receivers == 0 && Shared.Phase.IsMeasuring)
        {
            AllDelivered.Record(latencyTicks);
        }

        Shared.CountDelivery();
    }
}
