using TypedSockets.Buffers;

namespace TypedSockets.SocketIO.Protocol;

/// <summary>
/// Puts a BINARY_EVENT or BINARY_ACK back together: it holds the decoded packet while its attachments arrive (each
/// one binary Engine.IO message, copied into a pooled buffer) and hands the packet back complete after the last one.
/// One packet at a time, as the protocol sends them; reusable for the next. It knows nothing of who receives the
/// packet: the caller keeps its own routing target beside it.
/// </summary>
/// <remarks>Not thread-safe: one connection's receive loop feeds it.</remarks>
internal sealed class BinaryPacketAssembler
{
    private SocketIOPacket _packet;
    private ReadOnlyMemory<byte>[]? _attachments;
    private int _received;

    /// <summary>True while a binary packet waits for attachments.</summary>
    public bool IsAssembling => _attachments is not null;

    /// <summary>The bytes of the attachments received so far for the packet being assembled.</summary>
    public long HeldBytes { get; private set; }

    /// <summary>
    /// Takes <paramref name="packet"/> (now owned here) and waits for the <paramref name="attachments"/> its header
    /// announced (<see cref="SocketIOPacketHeader.Attachments"/>, at least 1).
    /// </summary>
    public void Start(SocketIOPacket packet, int attachments)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(attachments, 1);
        if (IsAssembling)
        {
            throw new InvalidOperationException("A binary packet is already waiting for its attachments.");
        }

        _packet = packet;
        _attachments = new ReadOnlyMemory<byte>[attachments];
        _received = 0;
        HeldBytes = 0;
    }

    /// <summary>
    /// Copies in the next attachment; true when it was the last, and <paramref name="completed"/> is then the whole
    /// packet, owned by the caller (which disposes it).
    /// </summary>
    public bool TryAdd(ReadOnlySpan<byte> attachment, out SocketIOPacket completed)
    {
        var attachments = _attachments ?? throw new InvalidOperationException("No binary packet is waiting for attachments.");

        // The rented array's ownership passes to the attachments array: the packet's Dispose (or Reset) returns it.
        var copy = PooledArray<byte>.CopyOf(attachment);
        attachments[_received++] = copy.Array.AsMemory(0, attachment.Length);
        HeldBytes += attachment.Length;
        if (_received < attachments.Length)
        {
            completed = default;
            return false;
        }

        completed = _packet.WithAttachments(attachments);
        _packet = default;
        _attachments = null;
        _received = 0;
        HeldBytes = 0;
        return true;
    }

    /// <summary>Drops the packet waiting for attachments, if any, and returns its buffers (the connection ended).</summary>
    public void Reset()
    {
        var attachments = _attachments;
        if (attachments is null)
        {
            return;
        }

        SocketIOPacket.ReturnAttachments(attachments.AsSpan(0, _received));
        _packet.Dispose();
        _packet = default;
        _attachments = null;
        _received = 0;
        HeldBytes = 0;
    }
}
