using System.Buffers;

namespace TypedSockets.SocketIO;

/// <summary>A BINARY_EVENT or BINARY_ACK whose attachments are still arriving (pooled copies).</summary>
internal sealed class PartialBinaryPacket
{
    private readonly ReadOnlyMemory<byte>[] _attachments;
    private int _received;
    private bool _handedOver;

    public PartialBinaryPacket(Socket socket, SocketIOPacketType type, long ackId, byte[] payload, int payloadLength, Range name, bool nameEscaped, int[]? bounds, int count, int attachments)
    {
        Socket = socket;
        Type = type;
        AckId = ackId;
        Payload = payload;
        PayloadLength = payloadLength;
        Name = name;
        NameEscaped = nameEscaped;
        Bounds = bounds;
        Count = count;
        _attachments = new ReadOnlyMemory<byte>[attachments];
    }

    public Socket Socket { get; }

    public SocketIOPacketType Type { get; }

    public long AckId { get; }

    public byte[] Payload { get; }

    public int PayloadLength { get; }

    public Range Name { get; }

    public bool NameEscaped { get; }

    public int[]? Bounds { get; }

    public int Count { get; }

    public ReadOnlyMemory<byte>[] Attachments => _attachments;

    /// <summary>Copies one attachment in; true when it was the last one.</summary>
    public bool Add(ReadOnlySpan<byte> attachment)
    {
        var copy = ArrayPool<byte>.Shared.Rent(Math.Max(attachment.Length, 1));
        attachment.CopyTo(copy);
        _attachments[_received++] = copy.AsMemory(0, attachment.Length);
        return _received == _attachments.Length;
    }

    /// <summary>The pooled buffers now belong to whoever took the completed packet.</summary>
    public void HandOver() => _handedOver = true;

    public void Release()
    {
        if (_handedOver)
        {
            return;
        }

        _handedOver = true;
        ArrayPool<byte>.Shared.Return(Payload);
        if (Bounds is not null)
        {
            ArrayPool<int>.Shared.Return(Bounds);
        }

        IncomingEvent.ReturnAttachments(_attachments[.._received]);
    }
}
