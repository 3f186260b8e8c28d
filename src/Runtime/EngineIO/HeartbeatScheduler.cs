namespace TypedSockets.EngineIO;

/// <summary>
/// The heartbeat deadlines of every session of one server on a single timer of the server's
/// <see cref="TimeProvider"/>: a timer per session costs each idle connection about 120 bytes, a slot here about 20.
/// Sessions wait in a binary min-heap by deadline (each knows its index, so re-arming and cancelling are
/// O(log n) and a closed session is never kept); the timer is set to the earliest deadline, so each session's
/// heartbeat fires when its own timer would have.
/// </summary>
internal sealed class HeartbeatScheduler
{
    private readonly TimeProvider _time;
    private readonly ITimer _timer;
    private readonly Lock _lock = new();
    private EngineSession[] _heap = new EngineSession[16];
    private int _count;

    // The timestamp the timer is set to fire at; long.MaxValue when it is stopped.
    private long _armedFor = long.MaxValue;

    public HeartbeatScheduler(TimeProvider time)
    {
        _time = time;
        _timer = time.CreateTimer(static state => ((HeartbeatScheduler)state!).OnTimer(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    /// <summary>Calls <see cref="EngineSession.OnHeartbeat"/> once <paramref name="delay"/> has passed, replacing the session's earlier deadline.</summary>
    public void Schedule(EngineSession session, TimeSpan delay)
    {
        var now = _time.GetTimestamp();
        var due = now + (long)(delay.Ticks * (double)_time.TimestampFrequency / TimeSpan.TicksPerSecond);
        lock (_lock)
        {
            session.HeartbeatDue = due;
            if (session.HeartbeatIndex < 0)
            {
                if (_count == _heap.Length)
                {
                    Array.Resize(ref _heap, _heap.Length * 2);
                }

                session.HeartbeatIndex = _count;
                _heap[_count++] = session;
            }

            Restore(session.HeartbeatIndex);
            ArmLocked(now);
        }
    }

    /// <summary>Forgets the session's deadline (it closed or was removed).</summary>
    public void Cancel(EngineSession session)
    {
        lock (_lock)
        {
            // A timer armed for a deadline that is gone only fires for nothing and re-arms; it is left as it is.
            RemoveLocked(session);
        }
    }

    private void OnTimer()
    {
        if (_lock.IsHeldByCurrentThread)
        {
            // A time provider that fires inside Change (a fake clock given a zero delay) called this under the lock that
            // arms the timer, perhaps under a session's lock too: heartbeats run once those are let go, never inside them.
            ThreadPool.UnsafeQueueUserWorkItem(static state => ((HeartbeatScheduler)state!).OnTimer(), this, preferLocal: false);
            return;
        }

        while (true)
        {
            EngineSession due;
            lock (_lock)
            {
                _armedFor = long.MaxValue;
                var now = _time.GetTimestamp();
                if (_count == 0 || _heap[0].HeartbeatDue > now)
                {
                    ArmLocked(now);
                    return;
                }

                due = _heap[0];
                RemoveLocked(due);
            }

            // Outside the lock: the session takes its own lock and may schedule itself again.
            due.OnHeartbeat();
        }
    }

    /// <summary>Sets the timer to the earliest deadline when it is not already set at or before it.</summary>
    private void ArmLocked(long now)
    {
        if (_count == 0 || _heap[0].HeartbeatDue >= _armedFor)
        {
            return;
        }

        _armedFor = _heap[0].HeartbeatDue;
        var milliseconds = (_armedFor - now) * 1000.0 / _time.TimestampFrequency;

        // Rounded up: a system timer truncates to whole milliseconds and would fire before the deadline.
        _timer.Change(TimeSpan.FromMilliseconds(Math.Ceiling(Math.Max(milliseconds, 0))), Timeout.InfiniteTimeSpan);
    }

    private void RemoveLocked(EngineSession session)
    {
        var index = session.HeartbeatIndex;
        if (index < 0)
        {
            return;
        }

        session.HeartbeatIndex = -1;
        var last = _heap[--_count];
        _heap[_count] = null!;
        if (index < _count)
        {
            Place(last, index);
            Restore(index);
        }
    }

    /// <summary>Moves the session at <paramref name="index"/> up or down until the heap is ordered again.</summary>
    private void Restore(int index)
    {
        var session = _heap[index];
        while (index > 0)
        {
            var parent = (index - 1) / 2;
            if (_heap[parent].HeartbeatDue <= session.HeartbeatDue)
            {
                break;
            }

            Place(_heap[parent], index);
            index = parent;
        }

        while (true)
        {
            var child = (2 * index) + 1;
            if (child >= _count)
            {
                break;
            }

            if (child + 1 < _count && _heap[child + 1].HeartbeatDue < _heap[child].HeartbeatDue)
            {
                child++;
            }

            if (_heap[child].HeartbeatDue >= session.HeartbeatDue)
            {
                break;
            }

            Place(_heap[child], index);
            index = child;
        }

        Place(session, index);
    }

    private void Place(EngineSession session, int index)
    {
        _heap[index] = session;
        session.HeartbeatIndex = index;
    }
}
