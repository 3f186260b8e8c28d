using System.Buffers;
using System.Text;
using TypedSockets.WebSockets;

namespace TypedSockets.Tests.WebSockets;

/// <summary>The parser fed hex frames whole and split at every byte boundary (as in the Node ws tests).</summary>
public sealed class WebSocketFrameParserTests
{
    public static TheoryData<string, bool, string, string> Messages => new()
    {
        // frames, server role, expected kind, expected payload (hex)
        { "81 05 48 65 6c 6c 6f", false, "Text", "48656c6c6f" },
        { "81 85 37 fa 21 3d 7f 9f 4d 51 58", true, "Text", "48656c6c6f" },
        { "01 03 48 65 6c 80 02 6c 6f", false, "Text", "48656c6c6f" },
        { "01 83 37 fa 21 3d 7f 9f 4d 80 82 37 fa 21 3d 5b 95", true, "Text", "48656c6c6f" },
        { "82 00", false, "Binary", "" },
        { "82 7e 00 7e " + string.Concat(Enumerable.Repeat("ab ", 126)), false, "Binary", string.Concat(Enumerable.Repeat("ab", 126)) },
        { "82 7f 00 00 00 00 00 00 00 03 01 02 03", false, "Binary", "010203" },
        { "82 7e 00 03 01 02 03", false, "Binary", "010203" },
        { "02 01 01 00 01 02 80 01 03", false, "Binary", "010203" },
        { "81 06 ce ba e1 bd b9 cf", false, "Error", "" },
        { "81 07 ce ba e1 bd b9 cf 83", false, "Text", "cebae1bdb9cf83" },
        { "01 03 ce ba e1 00 02 bd b9 80 02 cf 83", false, "Text", "cebae1bdb9cf83" },
    };

    [Theory]
    [MemberData(nameof(Messages))]
    public void Parses_the_same_whatever_the_split(string frames, bool isServer, string kind, string payload)
    {
        var bytes = Hex.Parse(frames);
        for (var split = 0; split <= bytes.Length; split++)
        {
            Assert.Equal((kind, payload), ParseInPieces(bytes, isServer, [split]));
        }

        var everyByte = Enumerable.Range(1, Math.Max(bytes.Length - 1, 0)).ToArray();
        Assert.Equal((kind, payload), ParseInPieces(bytes, isServer, everyByte));
    }

    [Fact]
    public void Control_frames_interleave_with_fragments()
    {
        using var parser = new WebSocketFrameParser(expectMasked: false, 1024);
        var reader = new SequenceReader<byte>(new ReadOnlySequence<byte>(Hex.Parse("01 03 48 65 6c 89 02 70 70 80 02 6c 6f")));
        Assert.Equal(WebSocketParseStatus.Control, parser.Parse(ref reader));
        Assert.Equal((WebSocketOpcode.Ping, "7070"), (parser.ControlOpcode, Hex.Format(parser.ControlPayload.Span)));
        Assert.Equal(WebSocketParseStatus.Message, parser.Parse(ref reader));
        Assert.Equal("Hello", Encoding.ASCII.GetString(parser.MessagePayload.Span));
        Assert.Equal(WebSocketParseStatus.NeedMoreData, parser.Parse(ref reader));
    }

    [Theory]
    [InlineData("c1 00", "UnexpectedRsv")]
    [InlineData("83 00", "InvalidOpcode")]
    [InlineData("8c 00", "InvalidOpcode")]
    [InlineData("81 85 00 00 00 00 48 65 6c 6c 6f", "UnexpectedMask")]
    [InlineData("09 00", "FragmentedControlFrame")]
    [InlineData("89 7e 00 7e", "ControlFrameTooLong")]
    [InlineData("80 00", "UnexpectedContinuation")]
    [InlineData("01 00 02 00", "ExpectedContinuation")]
    [InlineData("82 7f 80 00 00 00 00 00 00 00", "InvalidPayloadLength")]
    [InlineData("88 01 03", "InvalidCloseLength")]
    [InlineData("88 02 03 ed", "InvalidCloseCode")]
    [InlineData("88 04 03 e8 c3 28", "InvalidCloseReason")]
    [InlineData("81 02 c3 28", "InvalidUtf8")]
    [InlineData("82 7e 04 01", "MessageTooBig")]
    [InlineData("02 7e 02 00", "None")]
    public void Violations_report_their_stable_error(string frames, string error)
    {
        var expected = Enum.Parse<WebSocketError>(error);
        using var parser = new WebSocketFrameParser(expectMasked: false, 1024);
        var reader = new SequenceReader<byte>(new ReadOnlySequence<byte>(Hex.Parse(frames)));
        var status = parser.Parse(ref reader);
        Assert.Equal(expected == WebSocketError.None ? WebSocketParseStatus.NeedMoreData : WebSocketParseStatus.Error, status);
        Assert.Equal(expected, parser.Error);
    }

    [Fact]
    public void Server_role_rejects_unmasked_frames()
    {
        using var parser = new WebSocketFrameParser(expectMasked: true, 1024);
        var reader = new SequenceReader<byte>(new ReadOnlySequence<byte>(Hex.Parse("81 05 48 65 6c 6c 6f")));
        Assert.Equal(WebSocketParseStatus.Error, parser.Parse(ref reader));
        Assert.Equal(WebSocketError.MissingMask, parser.Error);
    }

    [Theory]
    [InlineData("InvalidUtf8", WebSocketCloseCode.InvalidPayloadData)]
    [InlineData("MessageTooBig", WebSocketCloseCode.MessageTooBig)]
    [InlineData("InvalidCloseReason", WebSocketCloseCode.InvalidPayloadData)]
    [InlineData("UnexpectedRsv", WebSocketCloseCode.ProtocolError)]
    public void Errors_map_to_close_codes(string error, WebSocketCloseCode code) =>
        Assert.Equal(code, Enum.Parse<WebSocketError>(error).ToCloseCode());

    [Fact]
    public void Invalid_UTF8_is_reported_before_the_frame_is_complete()
    {
        using var parser = new WebSocketFrameParser(expectMasked: false, 1024);

        // A 10-byte text frame of which only 4 payload bytes arrived; F4 90 can never be valid.
        var reader = new SequenceReader<byte>(new ReadOnlySequence<byte>(Hex.Parse("81 0a ce ba f4 90")));
        Assert.Equal(WebSocketParseStatus.Error, parser.Parse(ref reader));
        Assert.Equal(WebSocketError.InvalidUtf8, parser.Error);
    }

    [Fact]
    public void A_valid_prefix_waits_for_more_data()
    {
        using var parser = new WebSocketFrameParser(expectMasked: false, 1024);
        var reader = new SequenceReader<byte>(new ReadOnlySequence<byte>(Hex.Parse("81 0a ce ba f4 8f")));
        Assert.Equal(WebSocketParseStatus.NeedMoreData, parser.Parse(ref reader));
    }

    /// <summary>Feeds the bytes in pieces cut at <paramref name="cuts"/>, as a pipe would deliver them.</summary>
    private static (string Kind, string Payload) ParseInPieces(byte[] bytes, bool isServer, int[] cuts)
    {
        using var parser = new WebSocketFrameParser(isServer, 1024);
        var pending = Array.Empty<byte>();
        var start = 0;
        foreach (var end in cuts.Append(bytes.Length))
        {
            pending = [.. pending, .. bytes.AsSpan(start, end - start)];
            start = end;
            var reader = new SequenceReader<byte>(new ReadOnlySequence<byte>(pending));
            var status = parser.Parse(ref reader);
            pending = pending[(int)reader.Consumed..];
            switch (status)
            {
                case WebSocketParseStatus.Message:
                    return (parser.MessageKind.ToString(), Hex.Format(parser.MessagePayload.Span));
                case WebSocketParseStatus.Error:
                    return ("Error", string.Empty);
            }
        }

        return ("Incomplete", string.Empty);
    }
}
