using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace TypedSockets.WebSockets;

/// <summary>
/// XOR masking of RFC 6455 §5.3, vectorized. The key is the 4 mask bytes read in native byte order;
/// <c>offset</c> is how many payload bytes were masked before this span (so a frame can be masked in
/// pieces as it arrives).
/// </summary>
internal static class WebSocketMask
{
    /// <summary>Masks (or unmasks) <paramref name="data"/> in place; returns the offset for the next piece.</summary>
    public static int Apply(Span<byte> data, uint maskKey, int offset) => Apply(data, data, maskKey, offset);

    /// <summary>
    /// Masks <paramref name="source"/> into <paramref name="destination"/> (at least as long) in one pass,
    /// so copying a payload out of the input and unmasking it read the bytes once. The two may be the
    /// same span. Returns the offset for the next piece.
    /// </summary>
    public static int Apply(ReadOnlySpan<byte> source, Span<byte> destination, uint maskKey, int offset)
    {
        var length = source.Length;
        if (length == 0)
        {
            return offset;
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(destination.Length, length);

        // Rotate so that the key's first byte in memory is the one that applies to source[0].
        var key = BitConverter.IsLittleEndian
            ? BitOperations.RotateRight(maskKey, (offset & 3) * 8)
            : BitOperations.RotateLeft(maskKey, (offset & 3) * 8);
        ref var from = ref MemoryMarshal.GetReference(source);
        ref var to = ref MemoryMarshal.GetReference(destination);
        nuint i = 0;
        var end = (nuint)length;

        if (Vector256.IsHardwareAccelerated && end >= (nuint)Vector256<byte>.Count)
        {
            var mask = Vector256.Create(key).AsByte();
            for (; i + (nuint)Vector256<byte>.Count <= end; i += (nuint)Vector256<byte>.Count)
            {
                (Vector256.LoadUnsafe(ref from, i) ^ mask).StoreUnsafe(ref to, i);
            }
        }

        if (Vector128.IsHardwareAccelerated && end - i >= (nuint)Vector128<byte>.Count)
        {
            var mask = Vector128.Create(key).AsByte();
            for (; i + (nuint)Vector128<byte>.Count <= end; i += (nuint)Vector128<byte>.Count)
            {
                (Vector128.LoadUnsafe(ref from, i) ^ mask).StoreUnsafe(ref to, i);
            }
        }

        var wide = key | ((ulong)key << 32);
        for (; i + sizeof(ulong) <= end; i += sizeof(ulong))
        {
            Unsafe.WriteUnaligned(ref Unsafe.Add(ref to, i), Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref from, i)) ^ wide);
        }

        if (i + sizeof(uint) <= end)
        {
            Unsafe.WriteUnaligned(ref Unsafe.Add(ref to, i), Unsafe.ReadUnaligned<uint>(ref Unsafe.Add(ref from, i)) ^ key);
            i += sizeof(uint);
        }

        // i is a multiple of 4 here, so the last 0-3 bytes start again at the key's first byte in memory
        // (its low byte once in little-endian order); shifting the key walks its bytes without a buffer.
        var tail = BitConverter.IsLittleEndian ? key : BinaryPrimitives.ReverseEndianness(key);
        for (; i < end; i++, tail >>= 8)
        {
            Unsafe.Add(ref to, i) = (byte)(Unsafe.Add(ref from, i) ^ tail);
        }

        return (offset + length) & 3;
    }
}
