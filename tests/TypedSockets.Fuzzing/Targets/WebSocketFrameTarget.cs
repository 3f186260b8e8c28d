using System.Buffers;
using System.Buffers.Binary;
using System.Text.Unicode;
using TypedSockets.WebSockets;

namespace TypedSockets.Fuzzing;

/// <summary>
/// The RFC 6455 frame parser with its incremental UTF-8 validation, fed a byte stream the way a connection feeds it.
/// Input: byte 0 picks the role (bit 0: server, expecting masked frames) and how the stream arrives (bits 1-7: the
/// chunk size); byte 1 the segment size of the sequences handed over and whether large payloads are read straight
/// into the message buffer; the rest is the stream.
/// Invariants: no exception; the same messages, control frames and first error whether the stream arrives whole,
/// in chunks across segments, through the direct payload reads, or through the whole-frame fast path; every
/// message within the maximum size and every text message valid UTF-8; every control payload at most 125 bytes
/// and every close payload well-formed; reading on after an error (as the connection does to see the peer's close)
/// throws nothing either; allocation bounded by the input, not by the lengths it declares.
/// </summary>
internal static class WebSocketFrameTarget
{
    private const int MaxMessageSize = 1024;
    private const int MaxEvents = 64;

    // 2 bytes, a 64-bit length and a mask key: less than this may wait for the rest of a header.
    private const int MaxHeaderSize = 14;

    public static void Run(ReadOnlySpan<byte> input)
    {
        if (input.Length < 2)
        {
            return;
        }

        var server = (input[0] & 1) != 0;
        var chunk = (input[0] >> 1) + 1;
        var segment = (input[1] & 0x3F) + 1;
        var direct = (input[1] & 0x40) != 0;
        var stream = input[2..].ToArray();

        var budget = AllocationBudget.Start(stream.Length, 64, 8L * MaxMessageSize);
        var whole = ParseWhole(stream, server, readOnAfterError: false);
        var chunked = ParseChunked(stream, server, chunk, segment, direct);
        var fast = ParseWithFastPath(stream, server);
        ParseWhole(stream, server, readOnAfterError: true);
        budget.Check("the frame parser");

        Same(whole, chunked, "arriving in chunks");
        Same(whole, fast, "through the whole-frame fast path");
    }

    private static List<string> ParseWhole(byte[] stream, bool server, bool readOnAfterError)
    {
        var events = new List<string>();
        using var parser = new WebSocketFrameParser(server, MaxMessageSize);
        var reader = new SequenceReader<byte>(new ReadOnlySequence<byte>(stream));
        var errors = 0;
        while (events.Count < MaxEvents)
        {
            var status = parser.Parse(ref reader);
            if (status == WebSocketParseStatus.NeedMoreData)
            {
                FuzzInvariantException.Check(reader.Remaining < MaxHeaderSize, "the parser asked for more data with a whole frame header left");
                break;
            }

            events.Add(Describe(parser, status, null));
            if (status == WebSocketParseStatus.Error)
            {
                if (!readOnAfterError || ++errors == 3)
                {
                    break;
                }

                parser.Reset();
            }
        }

        return events;
    }

    private static List<string> ParseChunked(byte[] stream, bool server, int chunk, int segment, bool direct)
    {
        var events = new List<string>();
        using var parser = new WebSocketFrameParser(server, MaxMessageSize);
        var consumed = 0;
        var arrived = 0;
        while (arrived < stream.Length && events.Count < MaxEvents)
        {
            if (direct && parser.PendingDataPayload > 0 && consumed == arrived)
            {
                // What the connection does with a large payload and an empty pipe: read straight into the message.
                var destination = parser.GetPayloadDestination();
                FuzzInvariantException.Check(destination.Length == parser.PendingDataPayload, "the direct destination is not the rest of the payload");
                var count = Math.Min(Math.Min(destination.Length, chunk), stream.Length - arrived);
                stream.AsSpan(arrived, count).CopyTo(destination.Span);
                arrived += count;
                consumed = arrived;
                var status = parser.AdvancePayload(count);
                if (status is WebSocketParseStatus.Message or WebSocketParseStatus.Error)
                {
                    events.Add(Describe(parser, status, null));
                    if (status == WebSocketParseStatus.Error)
                    {
                        return events;
                    }
                }

                continue;
            }

            arrived = Math.Min(stream.Length, arrived + chunk);
            var sequence = SegmentedSequence.Create(stream.AsMemory(consumed, arrived - consumed), segment);
            var reader = new SequenceReader<byte>(sequence);
            while (events.Count < MaxEvents)
            {
                var status = parser.Parse(ref reader);
                if (status == WebSocketParseStatus.NeedMoreData)
                {
                    FuzzInvariantException.Check(reader.Remaining < MaxHeaderSize, "the parser asked for more data with a whole frame header left");
                    break;
                }

                events.Add(Describe(parser, status, null));
                if (status == WebSocketParseStatus.Error)
                {
                    return events;
                }
            }

            consumed += (int)reader.Consumed;
        }

        return events;
    }

    private static List<string> ParseWithFastPath(byte[] stream, bool server)
    {
        var events = new List<string>();
        var copy = stream.ToArray();
        using var parser = new WebSocketFrameParser(server, MaxMessageSize);
        var position = 0;
        while (events.Count < MaxEvents)
        {
            var status = parser.TryParseWholeFrame(copy.AsSpan(position), out var frameLength, out var payloadOffset, out var payloadLength);
            if (status == WebSocketParseStatus.Message)
            {
                FuzzInvariantException.Check(frameLength > 0 && payloadOffset + payloadLength == frameLength && position + frameLength <= copy.Length, "the fast path reported a frame outside its input");
                events.Add(Describe(parser, status, copy.AsMemory(position + payloadOffset, payloadLength)));
                position += frameLength;
                continue;
            }

            if (status == WebSocketParseStatus.Error)
            {
                events.Add(Describe(parser, status, null));
                break;
            }

            FuzzInvariantException.Check(status == WebSocketParseStatus.Continue, $"the fast path returned {status}");
            var reader = new SequenceReader<byte>(new ReadOnlySequence<byte>(copy, position, copy.Length - position));
            status = parser.Parse(ref reader);
            position += (int)reader.Consumed;
            if (status == WebSocketParseStatus.NeedMoreData)
            {
                break;
            }

            events.Add(Describe(parser, status, null));
            if (status == WebSocketParseStatus.Error)
            {
                break;
            }
        }

        return events;
    }

    /// <summary>Checks what the parser produced and describes it, for comparing the ways of feeding it.</summary>
    private static string Describe(WebSocketFrameParser parser, WebSocketParseStatus status, ReadOnlyMemory<byte>? fastPayload)
    {
        switch (status)
        {
            case WebSocketParseStatus.Message:
                // The fast path leaves its payload in the input; the parser's message buffer still holds the one before.
                var payload = fastPayload is { } inPlace ? inPlace.Span : parser.MessagePayload.Span;
                FuzzInvariantException.Check(payload.Length <= MaxMessageSize, $"a message of {payload.Length} bytes passed the limit of {MaxMessageSize}");
                FuzzInvariantException.Check(parser.MessageKind != WebSocketMessageKind.Text || Utf8.IsValid(payload), "a text message that is not UTF-8 was accepted");
                return $"message {parser.MessageKind} {Convert.ToHexString(payload)}";
            case WebSocketParseStatus.Control:
                var control = parser.ControlPayload.Span;
                FuzzInvariantException.Check(control.Length <= 125, "a control payload longer than 125 bytes was accepted");
                FuzzInvariantException.Check(parser.ControlOpcode is WebSocketOpcode.Close or WebSocketOpcode.Ping or WebSocketOpcode.Pong, $"control frame with opcode {parser.ControlOpcode}");
                if (parser.ControlOpcode == WebSocketOpcode.Close)
                {
                    FuzzInvariantException.Check(
                        control.Length == 0 || (control.Length >= 2 && WebSocketCloseCodes.IsValidOnWire(BinaryPrimitives.ReadUInt16BigEndian(control)) && Utf8.IsValid(control[2..])),
                        "a malformed close payload was accepted");
                }

                return $"control {parser.ControlOpcode} {Convert.ToHexString(control)}";
            case WebSocketParseStatus.Error:
                FuzzInvariantException.Check(parser.Error != WebSocketError.None, "an error without a reason");
                return $"error {parser.Error}";
            default:
                throw new FuzzInvariantException($"Parse returned {status}");
        }
    }

    private static void Same(List<string> expected, List<string> actual, string how)
    {
        var count = Math.Min(expected.Count, actual.Count);
        for (var i = 0; i < count; i++)
        {
            FuzzInvariantException.Check(expected[i] == actual[i], $"event {i} differs {how}: '{actual[i]}' instead of '{expected[i]}'");
        }

        FuzzInvariantException.Check(expected.Count == actual.Count || count == MaxEvents, $"{actual.Count} events {how} instead of {expected.Count}");
    }
}
