using System.Buffers.Binary;

namespace TypedSockets.Benchmarks.WebSockets;

/// <summary>Builds the client → server (masked) frames the receive benchmarks read.</summary>
internal static class Frames
{
    /// <summary>One masked binary frame of <paramref name="size"/> bytes, repeated to at least 64 KiB so reads carry many frames.</summary>
    public static byte[] MaskedBinaryRun(int size)
    {
        byte[] key = [0x37, 0xfa, 0x21, 0x3d];
        var header = new List<byte> { 0x82 };
        if (size <= 125)
        {
            header.Add((byte)(0x80 | size));
        }
        else if (size <= ushort.MaxValue)
        {
            header.Add(0x80 | 126);
            header.AddRange(new byte[2]);
            BinaryPrimitives.WriteUInt16BigEndian(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(header)[2..], (ushort)size);
        }
        else
        {
            header.Add(0x80 | 127);
            header.AddRange(new byte[8]);
            BinaryPrimitives.WriteUInt64BigEndian(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(header)[2..], (ulong)size);
        }

        header.AddRange(key);
        var frame = new byte[header.Count + size];
        header.CopyTo(frame);
        var payload = Payload(size);
        for (var i = 0; i < size; i++)
        {
            frame[header.Count + i] = (byte)(payload[i] ^ key[i & 3]);
        }

        var copies = Math.Max(1, 64 * 1024 / frame.Length);
        var run = new byte[frame.Length * copies];
        for (var i = 0; i < copies; i++)
        {
            frame.CopyTo(run, i * frame.Length);
        }

        return run;
    }

    /// <summary>The unmasked payload every frame of <see cref="MaskedBinaryRun"/> carries.</summary>
    public static byte[] Payload(int size)
    {
        var payload = new byte[size];
        for (var i = 0; i < size; i++)
        {
            payload[i] = (byte)(i * 7);
        }

        return payload;
    }
}
