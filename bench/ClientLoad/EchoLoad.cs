using System.Diagnostics;
using System.Globalization;
using TypedSockets.Bench.LoadGen;

namespace TypedSockets.Bench.ClientLoad;

/// <summary>
/// The closed loop: every connection has <see cref="ClientLoadSettings.Window"/> callers, each calling <c>echo</c> with
/// a payload of its own and awaiting the answer before the next call. After the warm-up, the measured window counts the
/// calls answered, their latency, and the CPU and bytes the whole client process used meanwhile; then the callers stop
/// and every call still in flight must come back.
/// </summary>
/// <remarks>
/// Correctness: each answer must be the caller's own payload (all calls in flight carry different payloads, so an
/// answer given to the wrong call is caught), no call may fail, and every call made must be answered (the count of
/// calls made equals the count answered once all callers ended). The callers allocate nothing per call themselves:
/// the payload is built once per caller and compared without copying, so the bytes per call are the library's.
/// </remarks>
internal sealed class EchoLoad
{
    private readonly ClientLoadSettings _settings;
    private readonly ErrorLog _errors;
    private readonly LatencyHistogram _latency = new();
    private long _made;
    private long _answered;
    private volatile bool _measuring;
    private volatile bool _stopping;

    public EchoLoad(ClientLoadSettings settings, ErrorLog errors)
    {
        _settings = settings;
        _errors = errors;
    }

    public LatencyHistogram Latency => _latency;

    public long Made => Interlocked.Read(ref _made);

    public long Answered => Interlocked.Read(ref _answered);

    /// <summary>Starts every caller; the returned tasks end after <see cref="Stop"/>, once their last call came back.</summary>
    public List<Task> Start(IReadOnlyList<IEchoConnection> connections)
    {
        var callers = new List<Task>(connections.Count * _settings.Window);
        for (var c = 0; c < connections.Count; c++)
        {
            for (var w = 0; w < _settings.Window; w++)
            {
                callers.Add(CallAsync(connections[c], PayloadOf(c, w)));
            }
        }

        return callers;
    }

    public void Measure(bool on) => _measuring = on;

    public void Stop() => _stopping = true;

    /// <summary>"c0003w0012:" then filler up to the payload size: distinct for every caller in the run.</summary>
    private string PayloadOf(int connection, int caller)
    {
        var prefix = string.Create(CultureInfo.InvariantCulture, $"c{connection:D4}w{caller:D4}:");
        return prefix.PadRight(Math.Max(_settings.PayloadBytes, prefix.Length), 'x');
    }

    private async Task CallAsync(IEchoConnection connection, string payload)
    {
        // Yield first so every caller starts on the thread pool, not inside Start's loop.
        await Task.Yield();
        while (!_stopping)
        {
            var started = Stopwatch.GetTimestamp();
            Interlocked.Increment(ref _made);
            string answer;
            try
            {
                answer = await connection.EchoAsync(payload).ConfigureAwait(false);
            }
            catch (Exception exception)
            {
                _errors.Add($"a call failed: {exception.GetType().Name}: {exception.Message}");
                return;
            }

            Interlocked.Increment(ref _answered);
            if (_measuring)
            {
                _latency.Record(Stopwatch.GetTimestamp() - started);
            }

            if (!string.Equals(answer, payload, StringComparison.Ordinal))
            {
                _errors.Add($"the call with payload '{payload}' was answered with '{answer}'");
            }
        }
    }
}
