using System.Buffers;
using TypedSockets.WebSockets;

namespace TypedSockets.EngineIO;

/// <summary>
/// One Engine.IO message packet (type <c>4</c>, or a binary attachment) encoded and framed once, then
/// shared by every recipient: no serialization and no copy per recipient. The pooled buffer holds
/// <c>[unused][WebSocket header]['4' for text][payload]</c>, so the WebSocket transport writes
/// <see cref="WebSocketFrame"/> as is and long-polling writes <see cref="Packet"/> (base64 for binary).
/// Reference-counted: each queue that holds it calls <see cref="Retain"/> and later <see cref="Release"/>.
/// After the last <see cref="Release"/> the message is recycled: it must not be touched any more.
/// </summary>
public sealed class EngineMessage
{
    /// <summary>Bytes reserved in front of the payload: the longest header and the packet type.</summary>
    internal const int Prefix = WebSocketFrameHeader.MaxUnmaskedSize + 1;

    private byte[] _buffer = [];
    private int _frameStart;
    private int _end;
    private int _references;

    private EngineMessage()
    {
    }

    /// <summary>True for a binary attachment, false for a text message packet.</summary>
    public bool IsBinary { get; private set; }

    /// <summary>The payload alone: Socket.IO packet text, or the attachment bytes.</summary>
    public ReadOnlyMemory<byte> Payload => _buffer.AsMemory(Prefix, _end - Prefix);

    /// <summary>The Engine.IO packet: <c>4</c> + payload for text; the bare bytes for binary.</summary>
    public ReadOnlyMemory<byte> Packet => IsBinary ? Payload : _buffer.AsMemory(Prefix - 1, _end - Prefix + 1);

    /// <summary>The complete unmasked WebSocket frame carrying <see cref="Packet"/>.</summary>
    public ReadOnlyMemory<byte> WebSocketFrame => _buffer.AsMemory(_frameStart, _end - _frameStart);

    /// <summary>Holders right now; lets tests prove that every queue released what it retained.</summary>
    internal int ReferenceCount => Volatile.Read(ref _references);

    /// <summary>A message over <paramref name="buffer"/> (now owned by it) with one reference, the caller's.</summary>
    internal static EngineMessage Create(byte[] buffer, int payloadLength, bool isBinary)
    {
        var message = EngineMessagePool.Rent() ?? new EngineMessage();
        message.Initialize(buffer, payloadLength, isBinary);
        return message;
    }

    /// <summary>Adds a holder; every call is matched by one <see cref="Release"/>.</summary>
    public void Retain() => Interlocked.Increment(ref _references);

    /// <summary>Drops a holder; the last one returns the buffer to the pool and recycles the message.</summary>
    public void Release()
    {
        var left = Interlocked.Decrement(ref _references);
        if (left == 0)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = [];
            EngineMessagePool.Return(this);
        }
        else if (left < 0)
        {
            throw new InvalidOperationException("EngineMessage released more often than retained.");
        }
    }

    private void Initialize(byte[] buffer, int payloadLength, bool isBinary)
    {
        _buffer = buffer;
        _end = Prefix + payloadLength;
        IsBinary = isBinary;
        var packetStart = isBinary ? Prefix : Prefix - 1;
        if (!isBinary)
        {
            buffer[packetStart] = (byte)EnginePacketType.Message;
        }

        var opcode = isBinary ? WebSocketOpcode.Binary : WebSocketOpcode.Text;
        var packetLength = _end - packetStart;
        _frameStart = packetStart - WebSocketFrameHeader.GetUnmaskedSize(packetLength);
        WebSocketFrameHeader.WriteUnmasked(buffer.AsSpan(_frameStart), opcode, packetLength);
        Volatile.Write(ref _references, 1);
    }
}
