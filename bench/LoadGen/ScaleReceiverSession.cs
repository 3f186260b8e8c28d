using System.Diagnostics;

namespace TypedSockets.Bench.LoadGen;

/// <summary>
/// A connection of the scale scenario: idle while the server fills, then a member of room <c>bench</c> through several
/// broadcast runs (one per size). Like <see cref="ReceiverSession"/> it checks every tick of the current run arrives
/// once and in order and times it; <see cref="Begin"/> starts the next run (ticks numbered from 0 again).
/// Connection failures go to the log it was created with; tick errors to the current run's.
/// </summary>
internal sealed class ScaleReceiverSession(WsClient client, Dialect dialect, ErrorLog connectionErrors) : Session(client, dialect, connectionErrors), ITickCounter
{
    private volatile ScaleBroadcastRun? _run;
    private long _received;
    private long _next;

    public long Received => Interlocked.Read(ref _received);

    public long MeasuredDeliveries { get; private set; }

    /// <summary>Called between runs only, when no tick of the previous run is still on its way.</summary>
    public void Begin(ScaleBroadcastRun run)
    {
        Interlocked.Exchange(ref _received, 0);
        _next = 0;
        MeasuredDeliveries = 0;
        _run = run;
    }

    public override void OnTick(ReadOnlySpan<byte> payload)
    {
        var now = Stopwatch.GetTimestamp();
        if (_run is not { } run)
        {
            Errors.Add($"{Dialect.Name}: a tick before joining");
            return;
        }

        if (!TickPayload.TryRead(payload, out var sequence, out var publishedAt))
        {
            run.Errors.Add($"{Dialect.Name}: a tick with a malformed payload");
            return;
        }

        if (sequence != _next)
        {
            run.Errors.Add(sequence < _next
                ? $"{Dialect.Name}: tick {sequence} delivered again (expected {_next})"
                : $"{Dialect.Name}: ticks {_next}..{sequence - 1} lost (or reordered)");
        }

        _next = sequence + 1;
        Interlocked.Increment(ref _received);
        run.CountDelivery(now - publishedAt);
        if (run.Shared.Phase.IsMeasuring)
        {
            MeasuredDeliveries++;
            run.Shared.Latency.Record(now - publishedAt);
        }
    }
}
