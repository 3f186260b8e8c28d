using TypedSockets.Buffers;

namespace TypedSockets.SocketIO;

/// <summary>
/// The sockets a broadcast selected, copied out of the namespace's lock into a pooled array so that sending happens
/// outside it. <see cref="Dispose"/> clears the references it holds (the pool must not keep sockets alive) and
/// returns the array.
/// </summary>
internal struct RecipientList : IDisposable
{
    private PooledArray<Socket> _lease;

    public RecipientList(PooledArray<Socket> lease)
    {
        _lease = lease;
        Count = 0;
    }

    public int Count { get; private set; }

    public readonly ReadOnlySpan<Socket> Span => _lease.IsEmpty ? default : _lease.Array.AsSpan(0, Count);

    public void Add(Socket socket) => _lease.Array[Count++] = socket;

    public void Dispose()
    {
        if (!_lease.IsEmpty)
        {
            Array.Clear(_lease.Array, 0, Count);
        }

        Count = 0;
        _lease.Dispose();
    }
}
