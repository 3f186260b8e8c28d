namespace TypedSockets.Threading;

/// <summary>
/// Lets at most <c>limit</c> log lines of one kind through per window, so that a client sending bad input on
/// purpose cannot flood the logs: the rest are counted, and the first line of the next window reports how many were
/// dropped. Thread-safe; one lock taken per line that would be written (only on error paths).
/// </summary>
internal sealed class LogThrottle
{
    /// <summary>Lines of one kind let through per window by default.</summary>
    public const int DefaultLimit = 10;

    /// <summary>The default window.</summary>
    public static readonly TimeSpan DefaultWindow = TimeSpan.FromSeconds(10);

    private readonly Lock _lock = new();
    private readonly TimeProvider _time;
    private readonly int _limit;
    private readonly TimeSpan _window;
    private long _windowStart;
    private int _written;
    private int _dropped;

    public LogThrottle(TimeProvider time, int limit, TimeSpan window)
    {
        _time = time;
        _limit = limit;
        _window = window;
        _windowStart = time.GetTimestamp();
    }

    public LogThrottle(TimeProvider time)
        : this(time, DefaultLimit, DefaultWindow)
    {
    }

    /// <summary>
    /// True when this line may be written; <paramref name="dropped"/> is then the number of lines dropped since the
    /// last one written (to be reported with it), otherwise 0.
    /// </summary>
    public bool TryWrite(out int dropped)
    {
        lock (_lock)
        {
            var now = _time.GetTimestamp();
            if (_time.GetElapsedTime(_windowStart, now) >= _window)
            {
                _windowStart = now;
                _written = 0;
            }

            if (_written >= _limit)
            {
                _dropped++;
                dropped = 0;
                return false;
            }

            _written++;
            dropped = _dropped;
            _dropped = 0;
            return true;
        }
    }
}
