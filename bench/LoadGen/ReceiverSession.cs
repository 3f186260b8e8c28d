using System.Diagnostics;

namespace TypedSockets.Bench.LoadGen;

/// <summary>A member of room <c>bench</c>: checks every tick arrives once and in order, and times it.</summary>
internal sealed class ReceiverSession(WsClient client, Dialect dialect, ErrorLog errors, BroadcastRun run) : Session(client, dialect, errors), ITickCounter
{
    private long _received;
    private long _next;

    public long Received => Interlocked.Read(ref _received);

    public long MeasuredDeliveries { get; private set; }

    public override void OnTick(ReadOnlySpan<byte> payload)
    {
        var now = Stopwatch.GetTimestamp();
        if (!TickPayload.TryRead(payload, out var sequence, out var publishedAt))
        {
            Errors.Add($"{Dialect.Name}: a tick with a malformed payload");
            return;
        }

        if (sequence != _next)
        {
            Errors.Add(sequence < _next
                ? $"{Dialect.Name}: tick {sequence} delivered again (expected {_next})"
                : $"{Dialect.Name}: ticks {_next}..{sequence - 1} lost (or reordered)");
        }

        _next = sequence + 1;
        Interlocked.Increment(ref _received);
        run.CountDelivery();
        if (run.Phase.IsMeasuring)
        {
            MeasuredDeliveries++;
            run.Latency.Record(now - publishedAt);
        }
    }
}
