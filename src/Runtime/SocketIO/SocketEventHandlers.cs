namespace TypedSockets.SocketIO;

/// <summary>
/// A socket's handlers by event name, guarded by the socket's lock. A socket registers a handful of events, so a
/// packed array searched in order costs less per idle connection than a dictionary (its entries, buckets and
/// object: about 200 bytes for three handlers, against under 90) and finds a short list as fast.
/// </summary>
internal struct SocketEventHandlers
{
    private (string Name, Func<SocketIOEvent, ValueTask> Handler)[]? _entries;
    private int _count;

    /// <summary>Sets the handler of <paramref name="name"/>, replacing the one it had.</summary>
    public void Set(string name, Func<SocketIOEvent, ValueTask> handler)
    {
        for (var i = 0; i < _count; i++)
        {
            if (_entries![i].Name == name)
            {
                _entries[i].Handler = handler;
                return;
            }
        }

        if (_entries is null || _count == _entries.Length)
        {
            Array.Resize(ref _entries, _entries is null ? 4 : _entries.Length * 2);
        }

        _entries[_count++] = (name, handler);
    }

    /// <summary>The handler of <paramref name="name"/> and its registered name (a string to hand out without allocating).</summary>
    public readonly bool TryGet(ReadOnlySpan<char> name, out string registeredName, out Func<SocketIOEvent, ValueTask> handler)
    {
        for (var i = 0; i < _count; i++)
        {
            var entry = _entries![i];
            if (name.SequenceEqual(entry.Name))
            {
                registeredName = entry.Name;
                handler = entry.Handler;
                return true;
            }
        }

        registeredName = null!;
        handler = null!;
        return false;
    }
}
