using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text.Unicode;

namespace TypedSockets.WebSockets;

/// <summary>
/// Incremental RFC 6455 frame parser: an explicit state machine with one method per state that
/// consumes what it can from the input and reports <see cref="WebSocketParseStatus.NeedMoreData"/>
/// instead of blocking, so input may be split at any byte. Payloads are copied into a pooled message
/// buffer (fragments reassembled there) and unmasked in place; text is UTF-8 validated piece by piece
/// as it arrives. Every violation goes through <see cref="Fail"/> with a stable <see cref="WebSocketError"/>.
/// </summary>
internal sealed partial class WebSocketFrameParser : IDisposable
{
    private const int MaxControlPayload = 125;
    private const int MinMessageBuffer = 4096;

    // A buffer grown for one large message is not kept for the connection's whole life.
    private const int RetainedMessageBuffer = 1024 * 1024;

    private readonly bool _expectMasked;
    private readonly int _maxMessageSize;

    // Created by the first control frame: Socket.IO clients and browsers seldom send one, and an idle connection
    // should not carry it.
    private byte[]? _control;

    private WebSocketParserState _state;
    private bool _fin;
    private bool _masked;
    private WebSocketOpcode _opcode;
    private long _remaining;
    private uint _maskKey;
    private int _maskOffset;
    private int _controlLength;

    private bool _inMessage;
    private WebSocketOpcode _messageOpcode;
    private byte[] _message = [];
    private int _messageLength;
    private Utf8IncrementalValidator _utf8;

    /// <param name="expectMasked">True in the server role: client frames must be masked, and server frames must not be.</param>
    /// <param name="maxMessageSize">The largest reassembled message accepted, in bytes.</param>
    public WebSocketFrameParser(bool expectMasked, int maxMessageSize)
    {
        _expectMasked = expectMasked;
        _maxMessageSize = maxMessageSize;
    }

    /// <summary>The violation after <see cref="WebSocketParseStatus.Error"/>.</summary>
    public WebSocketError Error { get; private set; }

    /// <summary>The kind of the message after <see cref="WebSocketParseStatus.Message"/>.</summary>
    public WebSocketMessageKind MessageKind =>
        _messageOpcode == WebSocketOpcode.Text ? WebSocketMessageKind.Text : WebSocketMessageKind.Binary;

    /// <summary>The reassembled message; valid until the next data frame starts.</summary>
    public ReadOnlyMemory<byte> MessagePayload => _message.AsMemory(0, _messageLength);

    /// <summary>The opcode after <see cref="WebSocketParseStatus.Control"/>: close, ping or pong.</summary>
    public WebSocketOpcode ControlOpcode => _opcode;

    /// <summary>The unmasked control payload; valid until the next call of <see cref="Parse"/>.</summary>
    public ReadOnlyMemory<byte> ControlPayload => _control.AsMemory(0, _controlLength);

    /// <summary>Consumes input until a message or control frame completes, an error, or the input ends.</summary>
    public WebSocketParseStatus Parse(ref SequenceReader<byte> reader)
    {
        while (true)
        {
            var status = _state switch
            {
                WebSocketParserState.Header => ReadHeader(ref reader),
                WebSocketParserState.Length16 => ReadLength16(ref reader),
                WebSocketParserState.Length64 => ReadLength64(ref reader),
                WebSocketParserState.MaskKey => ReadMaskKey(ref reader),
                WebSocketParserState.Payload => ReadPayload(ref reader),
                _ => WebSocketParseStatus.Error,
            };
            if (status != WebSocketParseStatus.Continue)
            {
                return status;
            }
        }
    }

    /// <summary>Forgets the frame in progress, so a peer's close can still be read after an error.</summary>
    public void Reset()
    {
        _state = WebSocketParserState.Header;
        _inMessage = false;
        _messageLength = 0;
        _utf8 = default;
        Error = WebSocketError.None;
    }

    public void Dispose()
    {
        var message = _message;
        _message = [];
        _messageLength = 0;
        if (message.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(message);
        }
    }

    private bool IsControl => _opcode >= WebSocketOpcode.Close;

    private WebSocketParseStatus ReadHeader(ref SequenceReader<byte> reader)
    {
        if (reader.Remaining < 2)
        {
            return WebSocketParseStatus.NeedMoreData;
        }

        reader.TryRead(out var first);
        reader.TryRead(out var second);
        if ((first & 0x70) != 0)
        {
            return Fail(WebSocketError.UnexpectedRsv);
        }

        _fin = (first & 0x80) != 0;
        _opcode = (WebSocketOpcode)(first & 0x0F);
        _masked = (second & 0x80) != 0;
        var length = second & 0x7F;

        switch (_opcode)
        {
            case WebSocketOpcode.Continuation or WebSocketOpcode.Text or WebSocketOpcode.Binary:
            case WebSocketOpcode.Close or WebSocketOpcode.Ping or WebSocketOpcode.Pong:
                break;
            default:
                return Fail(WebSocketError.InvalidOpcode);
        }

        if (_masked != _expectMasked)
        {
            return Fail(_expectMasked ? WebSocketError.MissingMask : WebSocketError.UnexpectedMask);
        }

        if (IsControl)
        {
            if (!_fin)
            {
                return Fail(WebSocketError.FragmentedControlFrame);
            }

            if (length > MaxControlPayload)
            {
                return Fail(WebSocketError.ControlFrameTooLong);
            }
        }
        else if (_opcode == WebSocketOpcode.Continuation)
        {
            if (!_inMessage)
            {
                return Fail(WebSocketError.UnexpectedContinuation);
            }
        }
        else
        {
            if (_inMessage)
            {
                return Fail(WebSocketError.ExpectedContinuation);
            }

            StartMessage(_opcode);
        }

        switch (length)
        {
            case 126:
                _state = WebSocketParserState.Length16;
                return WebSocketParseStatus.Continue;
            case 127:
                _state = WebSocketParserState.Length64;
                return WebSocketParseStatus.Continue;
            default:
                return OnLength(length);
        }
    }

    private WebSocketParseStatus ReadLength16(ref SequenceReader<byte> reader)
    {
        if (!reader.TryReadBigEndian(out short length))
        {
            return WebSocketParseStatus.NeedMoreData;
        }

        return OnLength((ushort)length);
    }

    private WebSocketParseStatus ReadLength64(ref SequenceReader<byte> reader)
    {
        if (!reader.TryReadBigEndian(out long length))
        {
            return WebSocketParseStatus.NeedMoreData;
        }

        // A negative value is the most significant bit set, which RFC 6455 §5.2 forbids.
        return length < 0 ? Fail(WebSocketError.InvalidPayloadLength) : OnLength(length);
    }

    private WebSocketParseStatus OnLength(long length)
    {
        if (IsControl)
        {
            _control ??= new byte[MaxControlPayload];
            _controlLength = 0;
        }
        else if (length > _maxMessageSize - _messageLength)
        {
            return Fail(WebSocketError.MessageTooBig);
        }

        _remaining = length;
        _maskOffset = 0;
        _state = _masked ? WebSocketParserState.MaskKey : WebSocketParserState.Payload;
        return WebSocketParseStatus.Continue;
    }

    private WebSocketParseStatus ReadMaskKey(ref SequenceReader<byte> reader)
    {
        Span<byte> key = stackalloc byte[sizeof(uint)];
        if (!reader.TryCopyTo(key))
        {
            return WebSocketParseStatus.NeedMoreData;
        }

        reader.Advance(key.Length);
        _maskKey = MemoryMarshal.Read<uint>(key);
        _state = WebSocketParserState.Payload;
        return WebSocketParseStatus.Continue;
    }

    private WebSocketParseStatus ReadPayload(ref SequenceReader<byte> reader)
    {
        var control = IsControl;
        while (_remaining > 0)
        {
            if (reader.End)
            {
                return WebSocketParseStatus.NeedMoreData;
            }

            var available = reader.UnreadSpan;
            var count = (int)Math.Min(available.Length, _remaining);
            Span<byte> destination;
            if (control)
            {
                destination = _control!.AsSpan(_controlLength, count);
                _controlLength += count;
            }
            else
            {
                EnsureMessageCapacity(_messageLength + count);
                destination = _message.AsSpan(_messageLength, count);
                _messageLength += count;
            }

            if (_masked)
            {
                _maskOffset = WebSocketMask.Apply(available[..count], destination, _maskKey, _maskOffset);
            }
            else
            {
                available[..count].CopyTo(destination);
            }

            reader.Advance(count);
            _remaining -= count;

            if (!control && _messageOpcode == WebSocketOpcode.Text && !_utf8.Append(destination))
            {
                return Fail(WebSocketError.InvalidUtf8);
            }
        }

        if (control)
        {
            _state = WebSocketParserState.Header;
            return CompleteControlFrame();
        }

        return CompleteDataFrame();
    }

    /// <summary>After a data frame's last payload byte: the next frame, or the message when it was final.</summary>
    private WebSocketParseStatus CompleteDataFrame()
    {
        _state = WebSocketParserState.Header;
        if (!_fin)
        {
            return WebSocketParseStatus.Continue;
        }

        if (_messageOpcode == WebSocketOpcode.Text && !_utf8.IsComplete)
        {
            return Fail(WebSocketError.InvalidUtf8);
        }

        _inMessage = false;
        return WebSocketParseStatus.Message;
    }

    private WebSocketParseStatus CompleteControlFrame()
    {
        if (_opcode == WebSocketOpcode.Close)
        {
            var payload = ControlPayload.Span;
            if (payload.Length == 1)
            {
                return Fail(WebSocketError.InvalidCloseLength);
            }

            if (payload.Length >= 2)
            {
                if (!WebSocketCloseCodes.IsValidOnWire(BinaryPrimitives.ReadUInt16BigEndian(payload)))
                {
                    return Fail(WebSocketError.InvalidCloseCode);
                }

                if (!Utf8.IsValid(payload[2..]))
                {
                    return Fail(WebSocketError.InvalidCloseReason);
                }
            }
        }

        return WebSocketParseStatus.Control;
    }

    private void StartMessage(WebSocketOpcode opcode)
    {
        _inMessage = true;
        _messageOpcode = opcode;
        _messageLength = 0;
        _utf8 = default;
        if (_message.Length > RetainedMessageBuffer)
        {
            Dispose();
        }
    }

    private void EnsureMessageCapacity(int needed)
    {
        if (needed <= _message.Length)
        {
            return;
        }

        var size = Math.Max(needed, Math.Max(MinMessageBuffer, (int)Math.Min(_message.Length * 2L, Array.MaxLength)));
        var larger = ArrayPool<byte>.Shared.Rent(size);
        _message.AsSpan(0, _messageLength).CopyTo(larger);
        if (_message.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_message);
        }

        _message = larger;
    }

    private WebSocketParseStatus Fail(WebSocketError error)
    {
        Error = error;
        _state = WebSocketParserState.Failed;
        return WebSocketParseStatus.Error;
    }
}
