using System.Buffers.Binary;

namespace TypedSockets.Benchmarks.EngineIO;

/// <summary>Masked client → server text frames, as a browser or socket.io-client sends them.</summary>
internal static class ClientFrames
{
    private static readonly byte[] Key = [0x5a, 0x13, 0xc7, 0x81];

    /// <summary><paramref name="count"/> copies of one masked text frame carrying <paramref name="payload"/>.</summary>
    public static byte[] TextRun(ReadOnlySpan<byte> payload, int count)
    {
        var headerLength = payload.Length <= 125 ? 2 : 4;
        var frame = new byte[headerLength + 4 + payload.Length];
        frame[0] = 0x81;
        if (headerLength == 2)
        {
            frame[1] = (byte)(0x80 | payload.Length);
        }
        else
        {
            frame[1] = 0x80 | 126;
            BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(2), (ushort)payload.Length);
        }

        Key.CopyTo(frame, headerLength);
        for (var i = 0; i < payload.Length; i++)
        {
            frame[headerLength + 4 + i] = (byte)(payload[i] ^ Key[i & 3]);
        }

        var run = new byte[frame.Length * count];
        for (var i = 0; i < count; i++)
        {
            frame.CopyTo(run, i * frame.Length);
        }

        return run;
    }
}
