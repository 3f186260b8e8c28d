using TypedSockets.SocketIO;

namespace TypedSockets.Client;

/// <summary>
/// The emits made while the client is disconnected, in order, bounded in count and bytes (socket.io-client's send
/// buffer, which is unbounded). Not thread-safe: the client calls it under its own lock.
/// </summary>
internal sealed class SendBuffer
{
    private readonly LinkedList<Entry> _entries = new();
    private readonly int _maxCount;
    private readonly long _maxBytes;
    private long _bytes;

    public SendBuffer(int maxCount, long maxBytes)
    {
        _maxCount = maxCount;
        _maxBytes = maxBytes;
    }

    public int Count => _entries.Count;

    /// <summary>Adds an emit at the end; false (nothing kept) when it would pass either bound.</summary>
    public bool TryAdd(OutgoingPacket packet, long ackId)
    {
        var size = SizeOf(packet);
        if (_entries.Count >= _maxCount || _bytes + size > _maxBytes)
        {
            return false;
        }

        _entries.AddLast(new Entry(packet, ackId, size));
        _bytes += size;
        return true;
    }

    /// <summary>Drops the buffered emit waiting for <paramref name="ackId"/> (it timed out or was cancelled), as socket.io-client does.</summary>
    public void RemoveAck(long ackId)
    {
        for (var node = _entries.First; node is not null; node = node.Next)
        {
            if (node.Value.AckId == ackId)
            {
                _bytes -= node.Value.Size;
                node.Value.Packet.Release();
                _entries.Remove(node);
                return;
            }
        }
    }

    /// <summary>Takes every buffered emit, oldest first; the buffer is empty afterwards.</summary>
    public List<Entry> TakeAll()
    {
        var all = new List<Entry>(_entries);
        _entries.Clear();
        _bytes = 0;
        return all;
    }

    /// <summary>Puts emits that could not be sent back in front, in their order (the connection dropped during the flush).</summary>
    public void ReturnToFront(List<Entry> entries, int from)
    {
        for (var i = entries.Count - 1; i >= from; i--)
        {
            _entries.AddFirst(entries[i]);
            _bytes += entries[i].Size;
        }
    }

    /// <summary>Releases every buffered emit (the client closed).</summary>
    public void Clear()
    {
        foreach (var entry in _entries)
        {
            entry.Packet.Release();
        }

        _entries.Clear();
        _bytes = 0;
    }

    private static long SizeOf(OutgoingPacket packet)
    {
        long size = packet.Text.Payload.Length;
        if (packet.Attachments is not null)
        {
            foreach (var attachment in packet.Attachments)
            {
                size += attachment.Payload.Length;
            }
        }

        return size;
    }

    /// <summary>One buffered emit and the ack id it waits for (-1 for none).</summary>
    internal readonly record struct Entry(OutgoingPacket Packet, long AckId, long Size);
}
