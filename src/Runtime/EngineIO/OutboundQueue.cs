namespace TypedSockets.EngineIO;

/// <summary>
/// A session's packets waiting to go out, in order. Most of the time there is at most one (an ack, a broadcast, a
/// ping), so the first waits in a field and a queue is created only when a second arrives before the first left:
/// an idle connection keeps no queue and no array (a <see cref="Queue{T}"/> would keep both after its first packet).
/// Not thread-safe: the session's lock guards it.
/// </summary>
internal struct OutboundQueue
{
    private OutboundPacket _head;
    private Queue<OutboundPacket>? _rest;
    private int _count;

    public readonly int Count => _count;

    public void Enqueue(OutboundPacket packet)
    {
        if (_count == 0)
        {
            _head = packet;
        }
        else
        {
            (_rest ??= new Queue<OutboundPacket>()).Enqueue(packet);
        }

        _count++;
    }

    public bool TryDequeue(out OutboundPacket packet)
    {
        if (_count == 0)
        {
            packet = default;
            return false;
        }

        packet = _head;
        _head = --_count > 0 ? _rest!.Dequeue() : default;
        return true;
    }
}
