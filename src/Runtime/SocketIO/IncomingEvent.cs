using System.Buffers;
using System.Runtime.InteropServices;
using TypedSockets.Buffers;

namespace TypedSockets.SocketIO;

/// <summary>
/// An event queued for its socket's handler loop; owns pooled copies of the packet and attachments until
/// <see cref="Release"/>, which its consumer calls once.
/// </summary>
internal readonly struct IncomingEvent
{
    private readonly PooledArray<byte> _buffer;
    private readonly PooledArray<int> _bounds;
    private readonly ReadOnlyMemory<byte>[]? _attachments;

    public IncomingEvent(PooledArray<byte> buffer, int length, Range name, bool nameEscaped, long ackId, PooledArray<int> bounds, int count, ReadOnlyMemory<byte>[]? attachments)
    {
        _buffer = buffer;
        _bounds = bounds;
        _attachments = attachments;
        Name = name;
        NameEscaped = nameEscaped;
        AckId = ackId;
        Arguments = new EventArguments(buffer.Array.AsMemory(0, length), bounds.IsEmpty ? null : bounds.Array, count, attachments);
    }

    /// <summary>The event's payload (its JSON array); the name and arguments point into it.</summary>
    public byte[] Buffer => _buffer.Array;

    /// <summary>The event name's raw string token inside <see cref="Buffer"/>.</summary>
    public Range Name { get; }

    public bool NameEscaped { get; }

    public long AckId { get; }

    public EventArguments Arguments { get; }

    public void Release()
    {
        // The leases are copies held by a readonly struct: each returns its array once, and only this one value of
        // the event is ever released.
        _buffer.Dispose();
        _bounds.Dispose();
        ReturnAttachments(_attachments);
    }

    public static void ReturnAttachments(ReadOnlyMemory<byte>[]? attachments)
    {
        if (attachments is null)
        {
            return;
        }

        foreach (var attachment in attachments)
        {
            if (MemoryMarshal.TryGetArray(attachment, out var segment) && segment.Array is { Length: > 0 } array)
            {
                ArrayPool<byte>.Shared.Return(array);
            }
        }
    }
}
