namespace TypedSockets.WebSockets;

internal sealed partial class WebSocketFrameParser
{
    /// <summary>
    /// How many payload bytes of the current data frame are still to come; 0 unless a data frame's payload
    /// is being read. A large rest can be read from the transport straight into the message buffer
    /// (<see cref="GetPayloadDestination"/>, <see cref="AdvancePayload"/>) instead of through the pipe,
    /// which would copy it once more.
    /// </summary>
    public long PendingDataPayload => _state == WebSocketParserState.Payload && !IsControl ? _remaining : 0;

    /// <summary>The rest of the current data frame's payload in the message buffer, to read into.</summary>
    public Memory<byte> GetPayloadDestination()
    {
        // The length was checked against the maximum message size, so it fits an int.
        var remaining = (int)_remaining;
        EnsureMessageCapacity(_messageLength + remaining);
        return _message.AsMemory(_messageLength, remaining);
    }

    /// <summary>
    /// Takes <paramref name="count"/> bytes read into <see cref="GetPayloadDestination"/>: unmasks them in
    /// place and validates text as it arrives, as <see cref="Parse"/> does. Returns
    /// <see cref="WebSocketParseStatus.NeedMoreData"/> until the frame is complete.
    /// </summary>
    public WebSocketParseStatus AdvancePayload(int count)
    {
        var piece = _message.AsSpan(_messageLength, count);
        if (_masked)
        {
            _maskOffset = WebSocketMask.Apply(piece, _maskKey, _maskOffset);
        }

        _messageLength += count;
        _remaining -= count;
        if (_messageOpcode == WebSocketOpcode.Text && !_utf8.Append(piece))
        {
            return Fail(WebSocketError.InvalidUtf8);
        }

        return _remaining > 0 ? WebSocketParseStatus.NeedMoreData : CompleteDataFrame();
    }
}
