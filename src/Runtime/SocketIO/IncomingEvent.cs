using System.Buffers;
using System.Runtime.InteropServices;

namespace TypedSockets.SocketIO;

/// <summary>An event queued for its socket's handler loop; owns pooled copies of the packet and attachments.</summary>
internal readonly struct IncomingEvent
{
    public IncomingEvent(byte[] buffer, int length, Range name, bool nameEscaped, long ackId, int[]? bounds, int count, ReadOnlyMemory<byte>[]? attachments)
    {
        Buffer = buffer;
        Name = name;
        NameEscaped = nameEscaped;
        AckId = ackId;
        Bounds = bounds;
        Arguments = new EventArguments(buffer.AsMemory(0, length), bounds, count, attachments);
        Attachments = attachments;
    }

    public byte[] Buffer { get; }

    /// <summary>The event name's raw string token inside <see cref="Buffer"/>.</summary>
    public Range Name { get; }

    public bool NameEscaped { get; }

    public long AckId { get; }

    public EventArguments Arguments { get; }

    private int[]? Bounds { get; }

    private ReadOnlyMemory<byte>[]? Attachments { get; }

    public void Release()
    {
        ArrayPool<byte>.Shared.Return(Buffer);
        if (Bounds is not null)
        {
            ArrayPool<int>.Shared.Return(Bounds);
        }

        ReturnAttachments(Attachments);
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
