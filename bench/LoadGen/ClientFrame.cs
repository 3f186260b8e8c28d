using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace TypedSockets.Bench.LoadGen;

/// <summary>Client-role RFC 6455 frames: always masked, a fresh masking key per frame.</summary>
internal static class ClientFrame
{
    public const byte Text = 0x1;
    public const byte Binary = 0x2;
    public const byte Close = 0x8;
    public const byte Ping = 0x9;
    public const byte Pong = 0xA;

    /// <summary>Largest header: 2 bytes, 8 bytes of extended length, 4 bytes of masking key.</summary>
    public const int MaxHeaderSize = 14;

    /// <summary>xorshift32 state per thread: masking keys need to vary, not to be secret, and this costs a few instructions.</summary>
    [ThreadStatic]
    private static uint t_keyState;

    /// <summary>Writes one final frame carrying <paramref name="payload"/> masked; returns its length.</summary>
    public static int Write(Span<byte> destination, byte opcode, ReadOnlySpan<byte> payload)
    {
        destination[0] = (byte)(0x80 | opcode);
        int header;
        if (payload.Length < 126)
        {
            destination[1] = (byte)(0x80 | payload.Length);
            header = 2;
        }
        else if (payload.Length <= ushort.MaxValue)
        {
            destination[1] = 0x80 | 126;
            BinaryPrimitives.WriteUInt16BigEndian(destination[2..], (ushort)payload.Length);
            header = 4;
        }
        else
        {
            destination[1] = 0x80 | 127;
            BinaryPrimitives.WriteUInt64BigEndian(destination[2..], (ulong)payload.Length);
            header = 10;
        }

        var key = NextKey();
        MemoryMarshal.Write(destination[header..], in key);
        var body = destination.Slice(header + 4, payload.Length);
        payload.CopyTo(body);
        Mask(body, key);
        return header + 4 + payload.Length;
    }

    private static uint NextKey()
    {
        var state = t_keyState;
        if (state == 0)
        {
            state = (uint)Random.Shared.Next(1, int.MaxValue);
        }

        state ^= state << 13;
        state ^= state >> 17;
        state ^= state << 5;
        t_keyState = state;
        return state;
    }

    /// <summary>XORs <paramref name="data"/> with the key as laid out in memory, 8 bytes at a time.</summary>
    public static void Mask(Span<byte> data, uint key)
    {
        var wide = ((ulong)key << 32) | key;
        var words = MemoryMarshal.Cast<byte, ulong>(data);
        for (var i = 0; i < words.Length; i++)
        {
            words[i] ^= wide;
        }

        Span<byte> keyBytes = stackalloc byte[4];
        MemoryMarshal.Write(keyBytes, in key);
        for (var i = words.Length * 8; i < data.Length; i++)
        {
            data[i] ^= keyBytes[i & 3];
        }
    }
}
