using System.Diagnostics;

namespace TypedSockets.Bench.LoadGen;

/// <summary>
/// rpc-echo on one connection: <c>window</c> calls in flight, each ack immediately replaced by the
/// next call in the same batch. Ack id = generation × window + slot, so a lost, repeated or unknown
/// ack is caught exactly, without allocation.
/// </summary>
internal sealed class EchoSession : Session, IEchoCounts
{
    private static readonly byte[] Method = "echo"u8.ToArray();

    private readonly EchoRun _run;
    private readonly int _window;
    private readonly long[] _generation;
    private readonly long[] _sentAt;
    private readonly bool[] _outstanding;
    private int _inFlight;

    public EchoSession(WsClient client, Dialect dialect, ErrorLog errors, EchoRun run, int window)
        : base(client, dialect, errors)
    {
        _run = run;
        _window = window;
        _generation = new long[window];
        _sentAt = new long[window];
        _outstanding = new bool[window];
    }

    public int InFlight => Volatile.Read(ref _inFlight);

    public long MeasuredRoundTrips { get; private set; }

    /// <summary>Sends the first call of every slot in one write; from then on the receive loop drives.</summary>
    public async Task StartAsync()
    {
        var frames = new byte[_window * (ClientFrame.MaxHeaderSize + 256)];
        var length = 0;
        var message = new byte[512];
        for (var slot = 0; slot < _window; slot++)
        {
            length += ClientFrame.Write(frames.AsSpan(length), ClientFrame.Text, Prepare(message, slot));
        }

        await Client.SendAsync(frames.AsMemory(0, length), CancellationToken.None);
    }

    private ReadOnlySpan<byte> Prepare(Span<byte> scratch, int slot)
    {
        var generation = ++_generation[slot];
        _outstanding[slot] = true;
        Interlocked.Increment(ref _inFlight);
        _sentAt[slot] = Stopwatch.GetTimestamp();
        return FormatCall(scratch, Method, (generation * _window) + slot, _run.Payload, true);
    }

    protected override void HandleAck(long id, ReadOnlySpan<byte> result)
    {
        var now = Stopwatch.GetTimestamp();
        var slot = (int)(id % _window);
        if (id < _window || !_outstanding[slot] || _generation[slot] != id / _window)
        {
            Errors.Add($"{Dialect.Name}: ack {id} duplicated or never asked for");
            return;
        }

        _outstanding[slot] = false;
        Interlocked.Decrement(ref _inFlight);
        if (!result.SequenceEqual(Dialect.EchoOf(_run.Payload)))
        {
            Errors.Add($"{Dialect.Name}: ack {id} does not carry the payload back");
        }

        if (_run.Phase.IsMeasuring)
        {
            MeasuredRoundTrips++;
            _run.Latency.Record(now - _sentAt[slot]);
        }

        if (!_run.Phase.IsDraining)
        {
            Client.AppendText(Prepare(LoopScratch, slot));
        }
    }
}
