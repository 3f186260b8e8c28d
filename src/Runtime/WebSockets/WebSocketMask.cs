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
    public static int Apply(Span<byte> data, uint maskKey, int offset)
    {
        var length = data.Length;
        if (length == 0)
        {
            return offset;
        }

        // Rotate so that the key's first byte in memory is the one that applies to data[0].
        var key = BitConverter.IsLittleEndian
            ? BitOperations.RotateRight(maskKey, (offset & 3) * 8)
            : BitOperations.RotateLeft(maskKey, (offset & 3) * 8);
        ref var start = ref MemoryMarshal.GetReference(data);
        nuint i = 0;
        var end = (nuint)length;

        if (Vector256.IsHardwareAccelerated && end >= (nuint)Vector256<byte>.Count)
        {
            var mask = Vector256.Create(key).AsByte();
            for (; i + (nuint)Vector256<byte>.Count <= end; i += (nuint)Vector256<byte>.Count)
            {
                (Vector256.LoadUnsafe(ref start, i) ^ mask).StoreUnsafe(ref start, i);
            }
        }

        if (Vector128.IsHardwareAccelerated && end - i >= (nuint)Vector128<byte>.Count)
        {
            var mask = Vector128.Create(key).AsByte();
            for (; i + (nuint)Vector128<byte>.Count <= end; i += (nuint)Vector128<byte>.Count)
            {
                (Vector128.LoadUnsafe(ref start, i) ^ mask).StoreUnsafe(ref start, i);
            }
        }

        var wide = key | ((ulong)key << 32);
        for (; i + sizeof(ulong) <= end; i += sizeof(ulong))
        {
            ref var at = ref Unsafe.Add(ref start, i);
            Unsafe.WriteUnaligned(ref at, Unsafe.ReadUnaligned<ulong>(ref at) ^ wide);
        }

        // i is a multiple of 4 here, so the tail starts again at the key's first byte.
        Span<byte> keyBytes = stackalloc byte[sizeof(uint)];
        MemoryMarshal.Write(keyBytes, in key);
        for (var k = 0; i < end; i++, k++)
        {
            Unsafe.Add(ref start, i) ^= keyBytes[k & 3];
        }

        return (offset + length) & 3;
    }
}
