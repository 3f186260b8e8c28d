using System.Buffers;
using System.IO.Pipelines;
using System.Runtime.InteropServices;

namespace TypedSockets.WebSockets;

public sealed partial class WebSocketConnection
{
    /// <summary>Parses the next frame event from the buffered input: the in-place fast path first, else the state machine.</summary>
    private WebSocketParseStatus ParseBuffered(out WebSocketMessage message)
    {
        if (TryParseBufferedFrame(out message))
        {
            return WebSocketParseStatus.Message;
        }

        // Everything else, including an error the fast path found (the parser stays failed and reports it).
        var reader = new SequenceReader<byte>(SyncBuffer());
        var status = _parser.Parse(ref reader);
        SetBuffer(_buffer.Slice(reader.Position));
        if (status == WebSocketParseStatus.Message)
        {
            message = new WebSocketMessage(_parser.MessageKind, _parser.MessagePayload);
        }

        return status;
    }

    /// <summary>The fast path: a whole final data frame at the start of the buffer's first segment, returned in place.</summary>
    private bool TryParseBufferedFrame(out WebSocketMessage message)
    {
        if (_parser.TryParseWholeFrame(_first.Span, out var frameLength, out var payloadOffset, out var payloadLength) == WebSocketParseStatus.Message)
        {
            message = new WebSocketMessage(_parser.MessageKind, _first.Slice(payloadOffset, payloadLength));
            _first = _first[frameLength..];
            _firstConsumed += frameLength;
            return true;
        }

        message = default;
        return false;
    }

    /// <summary>The buffered input without what the fast path consumed.</summary>
    private ReadOnlySequence<byte> SyncBuffer()
    {
        if (_firstConsumed > 0)
        {
            _buffer = _buffer.Slice(_firstConsumed);
            _firstConsumed = 0;
        }

        return _buffer;
    }

    private void SetBuffer(ReadOnlySequence<byte> buffer)
    {
        _buffer = buffer;
        _first = MemoryMarshal.AsMemory(buffer.First);
        _firstConsumed = 0;
    }

    /// <summary>
    /// Releases what was parsed (everything buffered was examined) and starts reading more; the caller awaits
    /// the read itself and hands its result to <see cref="TakeRead"/>. Not an async method of its own: an idle
    /// connection parks in this read, and a frame per level of that wait is kept for as long as it is idle.
    /// </summary>
    private ValueTask<ReadResult> ReadMore(CancellationToken cancellationToken)
    {
        if (_hasBuffer)
        {
            _hasBuffer = false;
            var buffer = SyncBuffer();
            _input.AdvanceTo(buffer.Start, buffer.End);
        }

        return _input.ReadAsync(cancellationToken);
    }

    /// <summary>Buffers what <see cref="ReadMore"/> read; false when the read was cancelled by <see cref="Abort"/>.</summary>
    private bool TakeRead(ReadResult result)
    {
        SetBuffer(result.Buffer);
        _hasBuffer = true;
        _inputCompleted = result.IsCompleted;
        return !result.IsCanceled;
    }

    /// <summary>
    /// Reads the rest of a large data frame's payload from the stream straight into the message buffer: the
    /// pipe would copy it once more. Only called when everything buffered was parsed, so the pipe (which
    /// reads only when asked) holds nothing and the stream is at the payload. Null when the input ended. Only for a
    /// duplex with a <see cref="WebSocketDuplex.DirectInput"/>.
    /// </summary>
    private async ValueTask<WebSocketParseStatus?> ReadPayloadDirectAsync(CancellationToken cancellationToken)
    {
        if (_hasBuffer)
        {
            _hasBuffer = false;
            _input.AdvanceTo(SyncBuffer().End);
        }

        var read = await _duplex.DirectInput!.ReadAsync(_parser.GetPayloadDestination(), cancellationToken).ConfigureAwait(false);
        return read == 0 ? null : _parser.AdvancePayload(read);
    }

    /// <summary>Forgets all buffered input (after a protocol error the rest of the bytes cannot be trusted).</summary>
    private void DiscardBuffered()
    {
        if (_hasBuffer)
        {
            SetBuffer(_buffer.Slice(_buffer.End));
        }
    }

    /// <summary>
    /// Reads until the peer's close frame (data is discarded), the end of input or the close timeout.
    /// After a protocol error the rest of the broken frame is skipped and parsing restarts on the next read.
    /// </summary>
    private async ValueTask WaitForPeerCloseAsync(bool afterError)
    {
        if (afterError)
        {
            DiscardBuffered();
            _parser.Reset();
        }

        using var timeout = new CancellationTokenSource(_closeTimeout, _timeProvider);
        try
        {
            while (true)
            {
                if (_hasBuffer)
                {
                    while (true)
                    {
                        var status = ParseBuffered(out _);
                        if (status == WebSocketParseStatus.Control && _parser.ControlOpcode == WebSocketOpcode.Close)
                        {
                            Volatile.Write(ref _closeReceived, 1);
                            ReadPeerClose(_parser.ControlPayload.Span);
                            return;
                        }

                        if (status == WebSocketParseStatus.Error)
                        {
                            DiscardBuffered();
                            _parser.Reset();
                            break;
                        }

                        if (status == WebSocketParseStatus.NeedMoreData)
                        {
                            break;
                        }
                    }

                    if (_inputCompleted)
                    {
                        return;
                    }
                }

                if (!TakeRead(await ReadMore(timeout.Token).ConfigureAwait(false)))
                {
                    return;
                }
            }
        }
        catch (OperationCanceledException)
        {
            WebSocketLog.CloseTimeout(_logger, _closeTimeout);
        }
        catch (Exception exception)
        {
            WebSocketLog.TransportFailed(_logger, exception);
        }
    }

    /// <summary>Reads and discards until the peer closes TCP, or the close timeout.</summary>
    private async ValueTask DrainUntilEndAsync()
    {
        using var timeout = new CancellationTokenSource(_closeTimeout, _timeProvider);
        try
        {
            DiscardBuffered();
            while (!(_hasBuffer && _inputCompleted))
            {
                if (!TakeRead(await ReadMore(timeout.Token).ConfigureAwait(false)))
                {
                    return;
                }

                DiscardBuffered();
            }
        }
        catch (Exception exception)
        {
            WebSocketLog.TransportFailed(_logger, exception);
        }
    }
}
