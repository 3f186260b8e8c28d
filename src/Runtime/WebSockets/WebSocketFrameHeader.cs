using System.Buffers.Binary;

namespace TypedSockets.WebSockets;

/// <summary>
/// Writes the header of an unmasked (server → client) frame. Server frames carry no mask, so one header
/// serves every recipient: broadcasts frame once and share the bytes.
/// </summary>
internal static class WebSocketFrameHeader
{
    /// <summary>The longest unmasked header: 2 bytes + a 64-bit extended length.</summary>
    public const int MaxUnmaskedSize = 10;

    /// <summary>The longest masked (client → server) header: the unmasked one plus the 4-byte key.</summary>
    public const int MaxMaskedSize = MaxUnmaskedSize + 4;

    /// <summary>The header length for a payload of <paramref name="payloadLength"/> bytes, without a mask.</summary>
    public static int GetUnmaskedSize(long payloadLength) => payloadLength switch
    {
        <= 125 => 2,
        <= ushort.MaxValue => 4,
        _ => 10,
    };

    /// <summary>Writes a final, unmasked frame header into <paramref name="destination"/>; returns its length.</summary>
    public static int WriteUnmasked(Span<byte> destination, WebSocketOpcode opcode, long payloadLength)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(payloadLength);
        destination[0] = (byte)(0x80 | (byte)opcode);
        if (payloadLength <= 125)
        {
            destination[1] = (byte)payloadLength;
            return 2;
        }

        if (payloadLength <= ushort.MaxValue)
        {
            destination[1] = 126;
            BinaryPrimitives.WriteUInt16BigEndian(destination[2..], (ushort)payloadLength);
            return 4;
        }

        destination[1] = 127;
        BinaryPrimitives.WriteUInt64BigEndian(destination[2..], (ulong)payloadLength);
        return 10;
    }

    /// <summary>Writes a final, masked frame header with <paramref name="maskKey"/> (4 bytes); returns its length.</summary>
    public static int WriteMasked(Span<byte> destination, WebSocketOpcode opcode, long payloadLength, ReadOnlySpan<byte> maskKey)
    {
        var length = WriteUnmasked(destination, opcode, payloadLength);
        destination[1] |= 0x80;
        maskKey[..4].CopyTo(destination[length..]);
        return length + 4;
    }
}
