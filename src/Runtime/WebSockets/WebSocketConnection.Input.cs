using System.Buffers;
using System.Runtime.InteropServices;

namespace TypedSockets.WebSockets;

public sealed partial class WebSocketConnection
{
    /// <summary>Parses the next frame event from the buffered input: the in-place fast path first, else the state machine.</summary>
    private WebSocketParseStatus ParseBuffered(out WebSocketMessage message)
    {
        var first = MemoryMarshal.AsMemory(_buffer.First);
        var fast = _parser.TryParseWholeFrame(first.Span, out var frameLength, out var payloadOffset, out var payloadLength);
        if (fast == WebSocketParseStatus.Message)
        {
            message = new WebSocketMessage(_parser.MessageKind, first.Slice(payloadOffset, payloadLength));
            _buffer = _buffer.Slice(frameLength);
            return fast;
        }

        message = default;
        if (fast == WebSocketParseStatus.Error)
        {
            return fast;
        }

        var reader = new SequenceReader<byte>(_buffer);
        var status = _parser.Parse(ref reader);
        _buffer = _buffer.Slice(reader.Position);
        if (status == WebSocketParseStatus.Message)
        {
            message = new WebSocketMessage(_parser.MessageKind, _parser.MessagePayload);
        }

        return status;
    }

    /// <summary>
    /// Releases what was parsed (everything buffered was examined) and reads more. False when the read
    /// was cancelled by <see cref="Abort"/>.
    /// </summary>
    private async ValueTask<bool> ReadMoreAsync(CancellationToken cancellationToken)
    {
        if (_hasBuffer)
        {
            _hasBuffer = false;
            _input.AdvanceTo(_buffer.Start, _buffer.End);
        }

        var result = await _input.ReadAsync(cancellationToken).ConfigureAwait(false);
        _buffer = result.Buffer;
        _hasBuffer = true;
        _inputCompleted = result.IsCompleted;
        return !result.IsCanceled;
    }

    /// <summary>Forgets all buffered input (after a protocol error the rest of the bytes cannot be trusted).</summary>
    private void DiscardBuffered()
    {
        if (_hasBuffer)
        {
            _buffer = _buffer.Slice(_buffer.End);
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

                if (!await ReadMoreAsync(timeout.Token).ConfigureAwait(false))
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
                if (!await ReadMoreAsync(timeout.Token).ConfigureAwait(false))
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
