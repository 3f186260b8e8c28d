using System.Diagnostics;

namespace TypedSockets.Bench.LoadGen;

/// <summary>
/// Calls <c>publish(payload)</c> with up to <c>window</c> calls awaiting their ack, and never more than
/// <c>maxLag</c> publishes ahead of the deliveries, so server queues (and latency) stay bounded.
/// </summary>
internal sealed class PublisherSession(WsClient client, Dialect dialect, ErrorLog errors, BroadcastRun run, int payloadSize, int window, int maxLag)
    : Session(client, dialect, errors)
{
    private static readonly byte[] Method = "publish"u8.ToArray();

    private readonly HashSet<long> _outstanding = [];
    private int _inFlight;

    public long Published { get; private set; }

    public int InFlight => Volatile.Read(ref _inFlight);

    public async Task PublishUntilDrainingAsync()
    {
        var payload = new byte[payloadSize];
        var message = new byte[payloadSize + 256];
        var frames = new byte[window * (message.Length + ClientFrame.MaxHeaderSize)];
        while (!run.Phase.IsDraining)
        {
            var length = 0;
            while (InFlight < window && Published - (run.Delivered / run.Receivers) < maxLag && !run.Phase.IsDraining)
            {
                var sequence = Published++;
                TickPayload.Write(payload, sequence, Stopwatch.GetTimestamp());
                var id = sequence + 1;
                lock (_outstanding)
                {
                    _outstanding.Add(id);
                }

                Interlocked.Increment(ref _inFlight);
                length += ClientFrame.Write(frames.AsSpan(length), ClientFrame.Text, FormatCall(message, Method, id, payload, true));
            }

            if (length > 0)
            {
                await Client.SendAsync(frames.AsMemory(0, length), CancellationToken.None);
            }
            else
            {
                await run.PublisherWake.WaitAsync(TimeSpan.FromMilliseconds(20));
            }
        }
    }

    protected override void HandleAck(long id, ReadOnlySpan<byte> result)
    {
        bool known;
        lock (_outstanding)
        {
            known = _outstanding.Remove(id);
        }

        if (!known)
        {
            Errors.Add($"{Dialect.Name}: publish ack {id} duplicated or never asked for");
            return;
        }

        Interlocked.Decrement(ref _inFlight);
        run.WakePublisher();
    }
}
