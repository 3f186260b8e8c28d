namespace TypedSockets.SocketIO;

/// <summary>
/// The connect timeouts of a server's new connections, on one timer: a connection that has not joined a namespace
/// when its deadline passes is closed. Every connection gets the same timeout, so deadlines come in the order the
/// connections opened and a queue keeps them sorted; a connection that joined in time (or closed) lets go of its entry,
/// which is skipped when its turn comes. A timer per connection would leave several times the bytes of an entry behind
/// as garbage at every connect (holes among the connections that stay open, which is where idle memory goes); the
/// queue holds the entry rather than the connection, so a connection that closed is not kept until its deadline.
/// </summary>
internal sealed class ConnectDeadlines
{
    private readonly TimeProvider _time;
    private readonly long _timeout;
    private readonly Lock _lock = new();
    private readonly Queue<Entry> _queue = new();
    private readonly ITimer _timer;

    // The timestamp the timer is set to fire at; long.MaxValue when it is stopped.
    private long _armedFor = long.MaxValue;

    public ConnectDeadlines(TimeProvider time, TimeSpan timeout)
    {
        _time = time;
        _timeout = (long)(timeout.Ticks * (double)time.TimestampFrequency / TimeSpan.TicksPerSecond);

        // Without the creator's execution context: the timeouts belong to no request (nor to its log scope).
        if (ExecutionContext.IsFlowSuppressed())
        {
            _timer = CreateTimer(time);
        }
        else
        {
            using (ExecutionContext.SuppressFlow())
            {
                _timer = CreateTimer(time);
            }
        }
    }

    /// <summary>
    /// Starts the connect timeout of <paramref name="entry"/>'s connection: it ends in
    /// <see cref="SocketIOConnection.OnConnectTimeout"/> unless the connection clears the entry first.
    /// </summary>
    public void Add(Entry entry)
    {
        lock (_lock)
        {
            // Read under the lock, so the queue stays in deadline order whichever thread adds.
            var now = _time.GetTimestamp();
            entry.Due = now + _timeout;
            _queue.Enqueue(entry);
            ArmLocked(now);
        }
    }

    private ITimer CreateTimer(TimeProvider time) =>
        time.CreateTimer(static state => ((ConnectDeadlines)state!).OnTimer(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);

    private void OnTimer()
    {
        if (_lock.IsHeldByCurrentThread)
        {
            // A time provider that fires inside Change (a fake clock given a zero delay) called this under the lock that
            // arms the timer: the timeouts run once it is let go, never inside it.
            ThreadPool.UnsafeQueueUserWorkItem(static state => ((ConnectDeadlines)state!).OnTimer(), this, preferLocal: false);
            return;
        }

        while (true)
        {
            SocketIOConnection? due;
            lock (_lock)
            {
                _armedFor = long.MaxValue;
                var now = _time.GetTimestamp();
                if (!_queue.TryPeek(out var head) || head.Due > now)
                {
                    ArmLocked(now);
                    return;
                }

                due = _queue.Dequeue().Connection;
            }

            // Outside the lock: the connection takes its own lock (and does nothing when it joined in time).
            due?.OnConnectTimeout();
        }
    }

    /// <summary>Sets the timer to the earliest deadline when it is not already set at or before it.</summary>
    private void ArmLocked(long now)
    {
        if (!_queue.TryPeek(out var head) || head.Due >= _armedFor)
        {
            return;
        }

        _armedFor = head.Due;
        var milliseconds = (_armedFor - now) * 1000.0 / _time.TimestampFrequency;

        // Rounded up: a system timer truncates to whole milliseconds and would fire before the deadline.
        _timer.Change(TimeSpan.FromMilliseconds(Math.Ceiling(Math.Max(milliseconds, 0))), Timeout.InfiniteTimeSpan);
    }

    /// <summary>One connection's deadline; the connection clears it once the timeout no longer applies.</summary>
    internal sealed class Entry(SocketIOConnection connection)
    {
        private SocketIOConnection? _connection = connection;

        /// <summary>The deadline (a <see cref="TimeProvider"/> timestamp), set when the entry is queued.</summary>
        public long Due { get; set; }

        public SocketIOConnection? Connection => Volatile.Read(ref _connection);

        public void Clear() => Volatile.Write(ref _connection, null);
    }
}
