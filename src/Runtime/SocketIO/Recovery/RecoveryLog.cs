using System.Collections.Concurrent;
using System.Globalization;
using TypedSockets.SocketIO.Protocol;

namespace TypedSockets.SocketIO;

/// <summary>
/// Connection state recovery of one namespace on one node: the recoverable packets of the namespace in offset order
/// (each kept as the message that was sent, no copy) and the sessions of sockets that lost their connection.
/// <para>
/// Offsets are handed out, written into the packet and the packet sent to its recipients under one lock
/// (<see cref="Order"/>), and a recovering socket is replayed and made visible under the same lock: every socket sees
/// recoverable packets in offset order, so "everything after the client's last offset" is exactly what it missed,
/// with no gap and no duplicate. Bounded by the window and by <see cref="ConnectionStateRecoveryOptions.MaxPackets"/>
/// and <see cref="ConnectionStateRecoveryOptions.MaxBytes"/>: the oldest packets give way.
/// </para>
/// </summary>
internal sealed partial class RecoveryLog
{
    private readonly ConnectionStateRecoveryOptions _options;
    private readonly TimeProvider _time;
    private readonly long _window;
    private readonly Dictionary<string, RecoverySession> _sessions = new(StringComparer.Ordinal);

    // Sessions in the order they were kept, which is the order they expire in.
    private readonly Queue<RecoverySession> _expiryOrder = new();
    private readonly ITimer _sweeper;

    // A ring of entries, oldest at _head.
    private Entry[] _entries = new Entry[16];
    private int _head;
    private int _count;
    private long _bytes;
    private long _lastOffset;
    private long _droppedThrough;

    public RecoveryLog(ConnectionStateRecoveryOptions options, TimeProvider time, Namespace nsp, ISocketIORecoveryBackplane? cluster)
    {
        _options = options;
        _namespace = nsp;
        _cluster = cluster;
        _time = time;
        _window = (long)(options.MaxDisconnectionDuration.TotalSeconds * time.TimestampFrequency);

        // Expired sessions are dropped (and what waited for their expiry runs) even when nothing else happens.
        var period = TimeSpan.FromTicks(Math.Clamp(options.MaxDisconnectionDuration.Ticks / 4, TimeSpan.TicksPerSecond, TimeSpan.TicksPerMinute));
        _sweeper = time.CreateTimer(static state => ((RecoveryLog)state!).Sweep(), this, period, period);
    }

    /// <summary>Held while an offset is handed out and its packet sent, and while a socket is replayed and added.</summary>
    public Lock Order { get; } = new();

    /// <summary>The last offset handed out (0 before the first); read under <see cref="Order"/>.</summary>
    public long LastOffset => _lastOffset;

    /// <summary>Packets kept right now (tests and diagnostics).</summary>
    public int PacketCount
    {
        get
        {
            lock (Order)
            {
                return _count;
            }
        }
    }

    /// <summary>
    /// Emits a recoverable event: the next offset goes into the packet as its last argument, the packet is kept and
    /// sent to the sockets selected here (<paramref name="target"/>: one socket's own emit). Returns how many took it.
    /// </summary>
    public int Emit<TState>(Namespace nsp, string eventName, TState state, WriteArguments<TState> write, string[]? rooms, string[]? exceptRooms, Socket? exceptSocket, Socket? target, bool local = false)
        where TState : allows ref struct
    {
        if (_cluster is not null)
        {
            return EmitToCluster(nsp, eventName, state, write, rooms, exceptRooms, exceptSocket, target, local ? NodeTag : null);
        }

        lock (Order)
        {
            var offset = _lastOffset + 1;
            var packet = SocketIOPacketWriter.WriteRecoverableEvent(nsp.PacketPrefix, eventName, state, write, offset);
            try
            {
                _lastOffset = offset;
                Append(new Entry(offset, _time.GetTimestamp(), packet, rooms, exceptRooms, exceptSocket?.Id, target?.Id, Size(packet), null));
                if (target is not null)
                {
                    return target.IsConnected && target.Connection.Send(packet) ? 1 : 0;
                }

                using var recipients = nsp.CollectRecipients(rooms, exceptRooms, exceptSocket);
                return Namespace.Send(packet, recipients.Span);
            }
            finally
            {
                packet.Release();
            }
        }
    }

    /// <summary>Keeps the session of a socket that lost its connection, for the window.</summary>
    public RecoverySession Keep(string pid, string sid, string[] rooms, ConcurrentDictionary<string, object?>? items, long lastOffsetAtConnect)
    {
        var session = new RecoverySession(pid, sid, rooms, items, lastOffsetAtConnect, _time.GetTimestamp()) { Node = NodeTag };
        lock (Order)
        {
            _sessions[pid] = session;
            _expiryOrder.Enqueue(session);
        }

        _cluster?.KeepSession(_namespace, pid, RecoverySessionCodec.Encode(sid, rooms, items, lastOffsetAtConnect, NodeTag), _options.MaxDisconnectionDuration);
        Sweep();
        return session;
    }

    /// <summary>Takes the session <paramref name="pid"/> out (once): null when unknown or expired.</summary>
    public RecoverySession? Take(string pid)
    {
        RecoverySession? session;
        lock (Order)
        {
            if (!_sessions.Remove(pid, out session))
            {
                return null;
            }
        }

        if (IsExpired(session.DisconnectedAt, _time.GetTimestamp()) || !session.TryRestore())
        {
            session.Expire();
            return null;
        }

        return session;
    }

    /// <summary>
    /// The packets <paramref name="session"/> missed after <paramref name="offset"/> (the client's; null when it
    /// received none), in order and retained for the caller; null with the reason when it cannot be recovered exactly.
    /// The caller holds <see cref="Order"/> until the socket is visible to broadcasts.
    /// </summary>
    public List<OutgoingPacket>? CollectMissed(RecoverySession session, string? offset, out string? refusal)
    {
        refusal = null;
        var after = session.LastOffsetAtConnect;
        if (offset is not null)
        {
            if (!long.TryParse(offset, NumberStyles.None, CultureInfo.InvariantCulture, out var clientOffset) || clientOffset > _lastOffset)
            {
                refusal = "unknown offset";
                return null;
            }

            // A socket misses nothing from before it connected, whatever an older offset of the client says.
            after = Math.Max(after, clientOffset);
        }

        if (after < _droppedThrough)
        {
            refusal = "packets it missed are no longer kept";
            return null;
        }

        var missed = new List<OutgoingPacket>();
        long bytes = 0;
        for (var i = 0; i < _count; i++)
        {
            ref var entry = ref _entries[(_head + i) % _entries.Length];
            if (entry.Offset <= after || !entry.IsFor(session))
            {
                continue;
            }

            bytes += entry.Bytes;
            if (missed.Count == _options.MaxPacketsPerSession || bytes > _options.MaxBytesPerSession)
            {
                refusal = "it missed more than the per-session cap";
                return null;
            }

            missed.Add(entry.Packet);
        }

        foreach (var packet in missed)
        {
            packet.Text.Retain();
            if (packet.Attachments is not null)
            {
                foreach (var attachment in packet.Attachments)
                {
                    attachment.Retain();
                }
            }
        }

        return missed;
    }

    private static int Size(in OutgoingPacket packet)
    {
        var size = packet.Text.Payload.Length;
        if (packet.Attachments is not null)
        {
            foreach (var attachment in packet.Attachments)
            {
                size += attachment.Payload.Length;
            }
        }

        return size;
    }

    private bool IsExpired(long since, long now) => now - since > _window;

    /// <summary>Keeps <paramref name="entry"/> (retaining its packet), dropping the oldest past the window or a cap.</summary>
    private void Append(Entry entry)
    {
        var now = entry.Timestamp;
        while (_count > 0 && (_count >= _options.MaxPackets || _bytes + entry.Bytes > _options.MaxBytes || IsExpired(_entries[_head].Timestamp, now)))
        {
            DropOldest();
        }

        if (entry.Bytes > _options.MaxBytes)
        {
            // Too large to keep at all: a socket that misses it cannot be recovered.
            _droppedThrough = entry.Offset;
            return;
        }

        if (_count == _entries.Length)
        {
            var grown = new Entry[Math.Min(_entries.Length * 2, Math.Max(_options.MaxPackets, 16))];
            for (var i = 0; i < _count; i++)
            {
                grown[i] = _entries[(_head + i) % _entries.Length];
            }

            _entries = grown;
            _head = 0;
        }

        entry.Packet.Text.Retain();
        if (entry.Packet.Attachments is not null)
        {
            foreach (var attachment in entry.Packet.Attachments)
            {
                attachment.Retain();
            }
        }

        _entries[(_head + _count) % _entries.Length] = entry;
        _count++;
        _bytes += entry.Bytes;
    }

    private void DropOldest()
    {
        ref var oldest = ref _entries[_head];
        oldest.Packet.Release();
        _droppedThrough = oldest.Offset;
        _bytes -= oldest.Bytes;
        oldest = default;
        _head = (_head + 1) % _entries.Length;
        _count--;
    }

    /// <summary>Drops expired sessions (running what waited for their expiry, outside the lock) and expired packets.</summary>
    private void Sweep()
    {
        List<RecoverySession>? expired = null;
        var now = _time.GetTimestamp();
        lock (Order)
        {
            while (_expiryOrder.TryPeek(out var oldest) && IsExpired(oldest.DisconnectedAt, now))
            {
                _expiryOrder.Dequeue();
                if (_sessions.TryGetValue(oldest.Pid, out var current) && current == oldest)
                {
                    _sessions.Remove(oldest.Pid);
                }

                (expired ??= []).Add(oldest);
            }

            while (_count > 0 && IsExpired(_entries[_head].Timestamp, now))
            {
                DropOldest();
            }
        }

        if (expired is not null)
        {
            foreach (var session in expired)
            {
                session.Expire();
            }
        }
    }

    /// <summary>One kept packet and whom it was for (socket.io keeps the same: the packet and its broadcast options).</summary>
    private readonly record struct Entry(long Offset, long Timestamp, OutgoingPacket Packet, string[]? Rooms, string[]? ExceptRooms, string? ExceptSocketId, string? TargetSocketId, int Bytes, string? Node)
    {
        public bool IsFor(RecoverySession session)
        {
            // A Local emit of a cluster node: for the sessions kept on that node only.
            if (Node is not null && Node != session.Node)
            {
                return false;
            }

            if (TargetSocketId is not null)
            {
                return TargetSocketId == session.Sid;
            }

            if (ExceptSocketId == session.Sid)
            {
                return false;
            }

            if (ExceptRooms is not null)
            {
                foreach (var room in ExceptRooms)
                {
                    if (Array.IndexOf(session.Rooms, room) >= 0)
                    {
                        return false;
                    }
                }
            }

            if (Rooms is null)
            {
                return true;
            }

            foreach (var room in Rooms)
            {
                if (Array.IndexOf(session.Rooms, room) >= 0)
                {
                    return true;
                }
            }

            return false;
        }
    }
}
