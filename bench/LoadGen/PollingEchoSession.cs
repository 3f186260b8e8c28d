using System.Diagnostics;
using System.Text;

namespace TypedSockets.Bench.LoadGen;

/// <summary>
/// rpc-echo over long-polling on one session: <c>window</c> calls in flight, each ack answered by the next call
/// straight from the ack handler (as a socket.io-client callback or a SignalR <c>invoke().then()</c> does). Calls get
/// ids 1, 2, 3… and every server handles a connection's calls in order, so each ack must be the oldest call in
/// flight: anything else is a lost, repeated, reordered or unknown ack.
/// </summary>
internal sealed class PollingEchoSession : IInbound, IEchoCounts
{
    private static readonly byte[] Method = "echo"u8.ToArray();

    private readonly PollingClient _client;
    private readonly Dialect _dialect;
    private readonly ErrorLog _errors;
    private readonly EchoRun _run;
    private readonly long[] _ids;
    private readonly long[] _sentAt;
    private readonly byte[] _scratch = new byte[512];
    private readonly Lock _lock = new();
    private int _head;
    private int _inFlight;
    private long _nextId = 1;

    public PollingEchoSession(PollingClient client, Dialect dialect, ErrorLog errors, EchoRun run, int window)
    {
        _client = client;
        _dialect = dialect;
        _errors = errors;
        _run = run;
        _ids = new long[window];
        _sentAt = new long[window];
    }

    public int InFlight => Volatile.Read(ref _inFlight);

    public long MeasuredRoundTrips { get; private set; }

    /// <summary>Issues the first call of every slot (engine.io posts the first at once and the rest together).</summary>
    public void Start()
    {
        // The first answers may arrive on the poll loop before the last first call is written.
        lock (_lock)
        {
            for (var i = 0; i < _ids.Length; i++)
            {
                Call();
            }
        }

        _client.Flush();
    }

    private void Call()
    {
        var id = _nextId++;
        var slot = (_head + _inFlight) % _ids.Length;
        _ids[slot] = id;
        _sentAt[slot] = Stopwatch.GetTimestamp();
        Interlocked.Increment(ref _inFlight);
        _client.Send(_scratch.AsSpan(0, _dialect.WriteCall(_scratch, Method, id, _run.Payload, true)));
    }

    public void OnAck(long id, ReadOnlySpan<byte> result)
    {
        lock (_lock)
        {
            HandleAck(id, result);
        }
    }

    private void HandleAck(long id, ReadOnlySpan<byte> result)
    {
        var now = Stopwatch.GetTimestamp();
        if (_inFlight == 0 || _ids[_head] != id)
        {
            _errors.Add($"{_dialect.Name} over long-polling: ack {id} lost, duplicated, out of order or never asked for " +
                $"(expected {(_inFlight == 0 ? "none" : _ids[_head].ToString(System.Globalization.CultureInfo.InvariantCulture))})");
            return;
        }

        var sentAt = _sentAt[_head];
        _head = (_head + 1) % _ids.Length;
        Interlocked.Decrement(ref _inFlight);
        if (!result.SequenceEqual(_dialect.EchoOf(_run.Payload)))
        {
            _errors.Add($"{_dialect.Name} over long-polling: ack {id} does not carry the payload back");
        }

        if (_run.Phase.IsMeasuring)
        {
            MeasuredRoundTrips++;
            _run.Latency.Record(now - sentAt);
        }

        if (!_run.Phase.IsDraining)
        {
            Call();
        }
    }

    public void OnTick(ReadOnlySpan<byte> payload) => _errors.Add($"{_dialect.Name} over long-polling: unexpected tick");

    public void OnServerPing()
    {
        // The polling clients answer pings themselves.
    }

    public void OnUnexpected(ReadOnlySpan<byte> message) =>
        _errors.Add($"{_dialect.Name} over long-polling: unexpected message '{Encoding.UTF8.GetString(message.Length > 120 ? message[..120] : message)}'");
}
