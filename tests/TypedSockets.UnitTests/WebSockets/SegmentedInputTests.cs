using System.Buffers.Binary;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using TypedSockets.WebSockets;

namespace TypedSockets.Tests.WebSockets;

/// <summary>
/// The server-role connection over its real pipe reader: whole frames are parsed in place (the fast path),
/// the rest by the state machine. Frames are placed across the pipe's 16 KiB segment boundary at every
/// offset, and input is delivered a few bytes per read, so both paths and the hand-over between them run.
/// </summary>
public sealed class SegmentedInputTests
{
    private const int PipeSegment = 16 * 1024;
    private const int FillerFrame = 106;

    private static readonly byte[] Key = [0x37, 0xfa, 0x21, 0x3d];

    // Short and 16-bit lengths, text with 2- and 3-byte code points, a ping and a fragmented message in between.
    private static readonly (WebSocketMessageKind Kind, byte[] Payload)[] Expected =
    [
        (WebSocketMessageKind.Text, Encoding.UTF8.GetBytes("Hello")),
        (WebSocketMessageKind.Binary, [.. Enumerable.Range(0, 300).Select(i => (byte)(i * 7))]),
        (WebSocketMessageKind.Text, Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("κόσμε €", 20)))),
        (WebSocketMessageKind.Text, Encoding.UTF8.GetBytes("fragmented €")),
        (WebSocketMessageKind.Binary, [1, 2, 3]),
    ];

    private static readonly byte[] Targets =
    [
        .. Frame(0x81, Expected[0].Payload),
        .. Frame(0x82, Expected[1].Payload),
        .. Frame(0x89, [0x70]),
        .. Frame(0x81, Expected[2].Payload),
        .. Frame(0x01, Expected[3].Payload[..11]),
        .. Frame(0x80, Expected[3].Payload[11..]),
        .. Frame(0x82, Expected[4].Payload),
    ];

    [Fact]
    public async Task Frames_across_a_pipe_segment_boundary_at_every_offset_arrive_whole()
    {
        for (var offset = 1; offset < Targets.Length; offset++)
        {
            var filler = Filler(PipeSegment - offset, out var fillerMessages);
            var messages = await ReceiveAllAsync([.. filler, .. Targets], chunk: int.MaxValue);
            Assert.Equal(fillerMessages + Expected.Length, messages.Count);
            Assert.All(messages.Take(fillerMessages), message => Assert.Equal(WebSocketMessageKind.Binary, message.Kind));
            AssertExpected(messages.Skip(fillerMessages).ToList(), offset);
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(7)]
    public async Task Input_arriving_a_few_bytes_per_read_is_parsed_the_same(int chunk)
    {
        var messages = await ReceiveAllAsync(Targets, chunk);
        AssertExpected(messages, chunk);
    }

    [Fact]
    public async Task Invalid_UTF8_across_a_pipe_segment_boundary_closes_with_1007()
    {
        // "κό" then a lone continuation byte: invalid from its third byte on, wherever the boundary falls.
        var frame = Frame(0x81, [0xce, 0xba, 0x80, 0xcf, 0x8c, 0x21]);
        for (var offset = 0; offset < frame.Length; offset++)
        {
            var filler = Filler(PipeSegment - offset, out var fillerMessages);
            await using var connection = Connect([.. filler, .. frame], int.MaxValue);
            for (var i = 0; i < fillerMessages; i++)
            {
                Assert.Equal(WebSocketMessageKind.Binary, (await connection.ReceiveAsync()).Kind);
            }

            Assert.Equal(WebSocketMessageKind.Close, (await connection.ReceiveAsync()).Kind);
            Assert.Equal(WebSocketCloseCode.InvalidPayloadData, connection.CloseStatus);
        }
    }

    [Theory]
    [InlineData(int.MaxValue)]
    [InlineData(5000)]
    [InlineData(1)]
    public async Task Large_payloads_read_past_the_pipe_arrive_whole(int chunk)
    {
        // Past one pipe read (16 KiB) the rest of a payload is read straight into the message buffer.
        var text = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("κόσμε €", 8000)));
        byte[] binary = [.. Enumerable.Range(0, 70_000).Select(i => (byte)(i * 7))];
        byte[] input =
        [
            .. Frame(0x81, text),
            .. Frame(0x82, binary),
            .. Frame(0x02, binary[..40_000]),
            .. Frame(0x89, [0x70]),
            .. Frame(0x80, binary[40_000..]),
            .. Frame(0x81, Expected[0].Payload),
        ];
        var messages = await ReceiveAllAsync(input, chunk);
        Assert.Equal(4, messages.Count);
        Assert.Equal((WebSocketMessageKind.Text, Convert.ToHexString(text)), (messages[0].Kind, Convert.ToHexString(messages[0].Payload)));
        Assert.All(messages.Skip(1).Take(2), message => Assert.Equal((WebSocketMessageKind.Binary, Convert.ToHexString(binary)), (message.Kind, Convert.ToHexString(message.Payload))));
        Assert.Equal(Expected[0].Payload, messages[3].Payload);
    }

    [Fact]
    public async Task Invalid_UTF8_deep_in_a_large_text_frame_closes_with_1007_before_the_frame_ends()
    {
        var text = Encoding.UTF8.GetBytes(new string('a', 60_000));
        text[40_000] = 0xff;

        // The input stops after the bad byte: the error must not wait for the rest of the frame.
        var frame = Frame(0x81, text)[..(8 + 40_001)];
        await using var connection = Connect(frame, 5000);
        Assert.Equal(WebSocketMessageKind.Close, (await connection.ReceiveAsync()).Kind);
        Assert.Equal(WebSocketCloseCode.InvalidPayloadData, connection.CloseStatus);
    }

    private static void AssertExpected(List<(WebSocketMessageKind Kind, byte[] Payload)> messages, int variant)
    {
        Assert.True(messages.Count == Expected.Length, $"variant {variant}: {messages.Count} messages");
        for (var i = 0; i < Expected.Length; i++)
        {
            Assert.True(Expected[i].Kind == messages[i].Kind && Expected[i].Payload.AsSpan().SequenceEqual(messages[i].Payload), $"variant {variant}: message {i} differs");
        }
    }

    /// <summary>Receives until the input ends; every payload is copied out, as it is valid only until the next receive.</summary>
    private static async Task<List<(WebSocketMessageKind Kind, byte[] Payload)>> ReceiveAllAsync(byte[] input, int chunk)
    {
        await using var connection = Connect(input, chunk);
        var messages = new List<(WebSocketMessageKind, byte[])>();
        while (true)
        {
            var message = await connection.ReceiveAsync();
            if (message.Kind == WebSocketMessageKind.Close)
            {
                // The input ended without a close frame: a transport end, not a protocol error.
                Assert.Equal(WebSocketCloseCode.AbnormalClosure, connection.CloseStatus);
                return messages;
            }

            messages.Add((message.Kind, message.Payload.ToArray()));
        }
    }

    private static WebSocketConnection Connect(byte[] input, int chunk) =>
        WebSocketConnection.CreateFromStream(new ChunkedReadStream(input, chunk), isServer: true, new WebSocketServerOptions(), NullLogger.Instance);

    /// <summary>Masked binary frames of exactly <paramref name="length"/> bytes in all (at least 6), each under 126 bytes of payload.</summary>
    private static byte[] Filler(int length, out int messages)
    {
        var filler = new List<byte>();
        messages = 0;
        while (length > 0)
        {
            var frameLength = length >= FillerFrame + 6 ? FillerFrame : length;
            filler.AddRange(Frame(0x82, new byte[frameLength - 6]));
            length -= frameLength;
            messages++;
        }

        return [.. filler];
    }

    /// <summary>A masked client frame with the given first byte (FIN, opcode).</summary>
    private static byte[] Frame(byte first, byte[] payload)
    {
        var header = new List<byte> { first };
        if (payload.Length <= 125)
        {
            header.Add((byte)(0x80 | payload.Length));
        }
        else if (payload.Length > ushort.MaxValue)
        {
            header.Add(0x80 | 127);
            var length = new byte[8];
            BinaryPrimitives.WriteUInt64BigEndian(length, (ulong)payload.Length);
            header.AddRange(length);
        }
        else
        {
            header.Add(0x80 | 126);
            var length = new byte[2];
            BinaryPrimitives.WriteUInt16BigEndian(length, (ushort)payload.Length);
            header.AddRange(length);
        }

        header.AddRange(Key);
        return [.. header, .. payload.Select((b, i) => (byte)(b ^ Key[i & 3]))];
    }
}
