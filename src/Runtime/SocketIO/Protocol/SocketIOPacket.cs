using System.Runtime.InteropServices;
using TypedSockets.Buffers;

namespace TypedSockets.SocketIO.Protocol;

/// <summary>
/// A decoded EVENT, ACK, BINARY_EVENT or BINARY_ACK, the packets that carry arguments: a pooled copy of the JSON
/// payload, where the event name and each argument lie in it, and, for a binary packet that
/// <see cref="BinaryPacketAssembler"/> completed, pooled copies of its attachments.
/// </summary>
/// <remarks>
/// A struct, so decoding allocates nothing. Copies share the same buffers: exactly one holder calls
/// <see cref="Dispose"/>, after the last use of <see cref="Arguments"/> (use <see cref="EventArguments.ToOwned"/>
/// for arguments that must outlive it).
/// </remarks>
internal struct SocketIOPacket : IDisposable
{
    private PooledArray<byte> _payload;
    private PooledArray<int> _bounds;
    private ReadOnlyMemory<byte>[]? _attachments;
    private readonly int _payloadLength;
    private readonly int _count;

    internal SocketIOPacket(SocketIOPacketType type, long ackId, PooledArray<byte> payload, int payloadLength, Range name, bool nameEscaped, PooledArray<int> bounds, int count)
    {
        Type = type;
        AckId = ackId;
        _payload = payload;
        _payloadLength = payloadLength;
        Name = name;
        NameEscaped = nameEscaped;
        _bounds = bounds;
        _count = count;
    }

    /// <summary>EVENT, ACK, BINARY_EVENT or BINARY_ACK.</summary>
    public SocketIOPacketType Type { get; }

    /// <summary>The acknowledgement id, or -1 when an event asks for none.</summary>
    public long AckId { get; }

    /// <summary>True for EVENT and BINARY_EVENT, false for the acknowledgements.</summary>
    public readonly bool IsEvent => Type is SocketIOPacketType.Event or SocketIOPacketType.BinaryEvent;

    /// <summary>The pooled buffer holding the payload from index 0 (it may be longer than the payload).</summary>
    public readonly byte[] Buffer => _payload.Array;

    /// <summary>The event name's raw string token (between the quotes) inside <see cref="Buffer"/>; empty for an acknowledgement.</summary>
    public Range Name { get; }

    /// <summary>True when <see cref="Name"/> contains JSON escapes (see <see cref="DecodeName"/>).</summary>
    public bool NameEscaped { get; }

    /// <summary>The arguments (the event name is not one), over this packet's pooled memory.</summary>
    public readonly EventArguments Arguments =>
        new(_payload.Array.AsMemory(0, _payloadLength), _bounds.IsEmpty ? null : _bounds.Array, _count, _attachments);

    /// <summary>The event name as a string, unescaped.</summary>
    public readonly string DecodeName() => SocketIOPacketParser.DecodeName(_payload.Array.AsSpan(Name), NameEscaped);

    /// <summary>Returns the payload, the bounds and the attachments to the pool, once.</summary>
    public void Dispose()
    {
        _payload.Dispose();
        _bounds.Dispose();
        var attachments = _attachments;
        _attachments = null;
        ReturnAttachments(attachments);
    }

    /// <summary>The completed packet: its attachments, pooled copies, now belong to it.</summary>
    internal readonly SocketIOPacket WithAttachments(ReadOnlyMemory<byte>[] attachments)
    {
        var completed = this;
        completed._attachments = attachments;
        return completed;
    }

    /// <summary>Returns attachments copied into arrays rented from the shared pool, each over its array from index 0.</summary>
    /// <remarks>
    /// Attachments travel as a <c>ReadOnlyMemory&lt;byte&gt;[]</c> because <see cref="EventArguments"/> reads them so;
    /// leases beside them would cost a second array per packet.
    /// </remarks>
    internal static void ReturnAttachments(ReadOnlySpan<ReadOnlyMemory<byte>> attachments)
    {
        foreach (var attachment in attachments)
        {
            if (MemoryMarshal.TryGetArray(attachment, out var segment) && segment.Array is { Length: > 0 } array)
            {
                System.Buffers.ArrayPool<byte>.Shared.Return(array);
            }
        }
    }
}
