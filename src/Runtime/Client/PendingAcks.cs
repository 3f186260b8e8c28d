using TypedSockets.SocketIO;

namespace TypedSockets.Client;

/// <summary>
/// The client's emits waiting for the server's acknowledgement, by ack id. Ids count up from 0 for the client's
/// lifetime, as socket.io-client's do, so an answer that comes after its emit gave up finds nothing to complete.
/// </summary>
/// <remarks>
/// Every emit gets <c>AckTimeout</c> from its call. One timer per client serves them all (socket.io-client arms one per
/// emit; a timer and a timeout task per call cost a few hundred bytes each): since every emit waits the same time, the
/// deadlines grow with the ids, so the timer is armed at the oldest pending deadline and, when it fires, fails what
/// expired and moves on to the oldest left. Most answers come long before, so it fires about once per timeout.
/// </remarks>
internal sealed class PendingAcks : IDisposable
{
    private readonly Dictionary<long, Pending> _waiting = [];
    private readonly TimeProvider _time;
    private readonly TimeSpan _timeout;
    private readonly long _timeoutTicks;
    private readonly Action<long> _expired;
    private readonly ITimer _timer;
    private long _lastId = -1;

    // When the timer fires (a TimeProvider timestamp); long.MaxValue while it is not armed. Under the lock of _waiting.
    private long _timerDue = long.MaxValue;
    private bool _disposed;

    /// <summary>Acks time out <paramref name="timeout"/> after their call; <paramref name="expired"/> hears of each (to drop it from the send buffer).</summary>
    public PendingAcks(TimeProvider time, TimeSpan timeout, Action<long> expired)
    {
        _time = time;
        _timeout = timeout;
        _timeoutTicks = (long)(timeout.TotalSeconds * time.TimestampFrequency);
        _expired = expired;
        _timer = time.CreateTimer(static state => ((PendingAcks)state!).OnTimer(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    /// <summary>Registers an emit that wants an acknowledgement; returns its ack id. It fails with <see cref="TimeoutException"/> after the timeout.</summary>
    public long Add(IPendingAck source)
    {
        var ackId = Interlocked.Increment(ref _lastId);
        lock (_waiting)
        {
            var now = _time.GetTimestamp();
            var deadline = now + _timeoutTicks;
            _waiting[ackId] = new Pending(source, deadline);

            // Deadlines only grow, so an armed timer is due before this one already.
            if (_timerDue == long.MaxValue)
            {
                Arm(deadline, now);
            }
        }

        return ackId;
    }

    /// <summary>Completes the emit waiting for <paramref name="ackId"/> with the server's answer (memory reused after this returns); an unknown id is ignored.</summary>
    public void Complete(long ackId, in EventArguments arguments)
    {
        Pending answer;
        lock (_waiting)
        {
            if (!_waiting.Remove(ackId, out answer))
            {
                return;
            }
        }

        answer.Source.Complete(arguments);
    }

    /// <summary>Forgets <paramref name="ackId"/> (its emit failed or was cancelled).</summary>
    public void Remove(long ackId)
    {
        lock (_waiting)
        {
            _waiting.Remove(ackId);
        }
    }

    /// <summary>Fails every waiting emit: the connection that carried them ended, so no answer can come.</summary>
    public void FailAll(string reason)
    {
        Pending[] pending;
        lock (_waiting)
        {
            if (_waiting.Count == 0)
            {
                return;
            }

            pending = [.. _waiting.Values];
            _waiting.Clear();
        }

        foreach (var answer in pending)
        {
            answer.Source.Fail(new SocketIOConnectException($"The connection ended ({reason}) before the server acknowledged."));
        }
    }

    /// <summary>Stops the timer (the client closed; emits after this fail before they wait).</summary>
    public void Dispose()
    {
        lock (_waiting)
        {
            _disposed = true;
        }

        _timer.Dispose();
    }

    /// <summary>Fails the emits whose deadline passed, then arms the timer for the oldest one left.</summary>
    private void OnTimer()
    {
        List<KeyValuePair<long, Pending>>? expired = null;
        lock (_waiting)
        {
            var now = _time.GetTimestamp();
            var next = long.MaxValue;
            foreach (var entry in _waiting)
            {
                if (entry.Value.Deadline <= now)
                {
                    (expired ??= []).Add(entry);
                }
                else if (entry.Value.Deadline < next)
                {
                    next = entry.Value.Deadline;
                }
            }

            if (expired is not null)
            {
                foreach (var entry in expired)
                {
                    _waiting.Remove(entry.Key);
                }
            }

            _timerDue = long.MaxValue;
            if (next != long.MaxValue)
            {
                Arm(next, now);
            }
        }

        if (expired is null)
        {
            return;
        }

        foreach (var (ackId, pending) in expired)
        {
            _expired(ackId);
            pending.Source.Fail(new TimeoutException($"The server did not acknowledge within {_timeout.TotalSeconds:0.###} s (AckTimeout)."));
        }
    }

    /// <summary>Arms the timer for <paramref name="due"/>; called under the lock.</summary>
    private void Arm(long due, long now)
    {
        if (_disposed)
        {
            return;
        }

        _timerDue = due;
        _timer.Change(_time.GetElapsedTime(now, due), Timeout.InfiniteTimeSpan);
    }

    private readonly record struct Pending(IPendingAck Source, long Deadline);
}
