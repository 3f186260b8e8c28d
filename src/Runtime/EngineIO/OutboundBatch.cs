namespace TypedSockets.EngineIO;

/// <summary>
/// The packets a WebSocket transport took from its session's queue for one write. A batch of one (the usual case:
/// an ack, a broadcast, a ping) lives in a field; a list is created for the first larger batch and kept for the next
/// ones, so an idle connection that never had two packets at once keeps no list and no array. Owned by whoever holds
/// the transport's writing flag.
/// </summary>
internal struct OutboundBatch
{
    private OutboundPacket _single;
    private List<OutboundPacket>? _many;
    private int _count;

    public readonly int Count => _count;

    public readonly OutboundPacket this[int index] => _count == 1 ? _single : _many![index];

    public void Add(OutboundPacket packet)
    {
        if (_count == 0)
        {
            _single = packet;
        }
        else
        {
            if (_count == 1)
            {
                (_many ??= []).Add(_single);
                _single = default;
            }

            _many!.Add(packet);
        }

        _count++;
    }

    /// <summary>Drops the batch's reference to every packet (each exactly once) and empties it.</summary>
    public void ReleaseAll()
    {
        if (_count == 1)
        {
            _single.Release();
            _single = default;
        }
        else if (_count > 1)
        {
            foreach (var packet in _many!)
            {
                packet.Release();
            }

            _many.Clear();
        }

        _count = 0;
    }
}
