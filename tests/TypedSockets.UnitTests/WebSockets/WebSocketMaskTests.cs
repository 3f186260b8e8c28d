using System.Runtime.InteropServices;
using TypedSockets.WebSockets;

namespace TypedSockets.Tests.WebSockets;

public sealed class WebSocketMaskTests
{
    [Fact]
    public void Vectorized_masking_matches_the_bytewise_definition_at_every_length_and_offset()
    {
        byte[] key = [0x37, 0xfa, 0x21, 0x3d];
        var maskKey = MemoryMarshal.Read<uint>(key);
        var random = new Random(42);
        for (var length = 0; length < 200; length++)
        {
            for (var offset = 0; offset < 4; offset++)
            {
                var data = new byte[length];
                random.NextBytes(data);
                var expected = data.Select((b, i) => (byte)(b ^ key[(offset + i) & 3])).ToArray();
                var next = WebSocketMask.Apply(data, maskKey, offset);
                Assert.Equal(expected, data);
                Assert.Equal((offset + length) & 3, next);
            }
        }
    }

    [Fact]
    public void Masking_in_pieces_equals_masking_at_once()
    {
        byte[] key = [1, 2, 3, 4];
        var maskKey = MemoryMarshal.Read<uint>(key);
        var whole = Enumerable.Range(0, 1000).Select(i => (byte)i).ToArray();
        var pieces = whole.ToArray();
        WebSocketMask.Apply(whole, maskKey, 0);
        var offset = 0;
        foreach (var (start, length) in new[] { (0, 3), (3, 37), (40, 1), (41, 500), (541, 459) })
        {
            offset = WebSocketMask.Apply(pieces.AsSpan(start, length), maskKey, offset);
        }

        Assert.Equal(whole, pieces);
    }

    [Fact]
    public void Masking_into_another_buffer_leaves_the_source_alone()
    {
        byte[] key = [0x37, 0xfa, 0x21, 0x3d];
        var source = Enumerable.Range(0, 77).Select(i => (byte)i).ToArray();
        var destination = new byte[80];
        WebSocketMask.Apply(source, destination, MemoryMarshal.Read<uint>(key), 1);
        Assert.Equal(Enumerable.Range(0, 77).Select(i => (byte)i), source);
        Assert.Equal(source.Select((b, i) => (byte)(b ^ key[(1 + i) & 3])), destination.Take(77));
    }
}
