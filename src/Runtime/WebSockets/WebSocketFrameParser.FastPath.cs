using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text.Unicode;

namespace TypedSockets.WebSockets;

internal sealed partial class WebSocketFrameParser
{
    /// <summary>
    /// The fast path for the common case, tried before <see cref="Parse"/>: a whole final text or binary
    /// frame at the start of <paramref name="input"/> while no message is in progress. Its payload is
    /// unmasked in place and validated, and stays where it is (no copy). Returns
    /// <see cref="WebSocketParseStatus.Continue"/> when the frame is anything else (partial, fragmented,
    /// control, or malformed); the state machine then handles it, and reports any error.
    /// </summary>
    public WebSocketParseStatus TryParseWholeFrame(Span<byte> input, out int frameLength, out int payloadOffset, out int payloadLength)
    {
        frameLength = payloadOffset = payloadLength = 0;
        if (_state != WebSocketParserState.Header || _inMessage || input.Length < 2)
        {
            return WebSocketParseStatus.Continue;
        }

        var first = input[0];
        var second = input[1];
        if ((first != 0x81 && first != 0x82) || ((second & 0x80) != 0) != _expectMasked)
        {
            return WebSocketParseStatus.Continue;
        }

        long length = second & 0x7F;
        var headerLength = 2;
        if (length == 126)
        {
            if (input.Length < 4)
            {
                return WebSocketParseStatus.Continue;
            }

            length = BinaryPrimitives.ReadUInt16BigEndian(input[2..]);
            headerLength = 4;
        }
        else if (length == 127)
        {
            if (input.Length < 10)
            {
                return WebSocketParseStatus.Continue;
            }

            length = BinaryPrimitives.ReadInt64BigEndian(input[2..]);
            headerLength = 10;
        }

        var keyOffset = headerLength;
        if (_expectMasked)
        {
            headerLength += sizeof(uint);
        }

        if (length < 0 || length > _maxMessageSize || length > input.Length - headerLength)
        {
            return WebSocketParseStatus.Continue;
        }

        var payload = input.Slice(headerLength, (int)length);
        if (_expectMasked)
        {
            WebSocketMask.Apply(payload, MemoryMarshal.Read<uint>(input[keyOffset..]), 0);
        }

        _messageOpcode = (WebSocketOpcode)(first & 0x0F);
        if (_messageOpcode == WebSocketOpcode.Text && !Utf8.IsValid(payload))
        {
            return Fail(WebSocketError.InvalidUtf8);
        }

        frameLength = headerLength + (int)length;
        payloadOffset = headerLength;
        payloadLength = (int)length;
        return WebSocketParseStatus.Message;
    }
}
