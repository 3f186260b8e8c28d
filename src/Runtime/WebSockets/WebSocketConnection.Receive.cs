using System.Buffers;
using System.Buffers.Binary;
using System.IO.Pipelines;
using System.Runtime.CompilerServices;
using System.Text;

namespace TypedSockets.WebSockets;

public sealed partial class WebSocketConnection
{
    private static WebSocketMessage CloseMessage => new(WebSocketMessageKind.Close, default);

    /// <summary>
    /// Returns the next complete message; its payload stays valid until the next call. Pings are
    /// answered on the way. When the connection ends (close handshake, protocol error, transport
    /// failure) returns a <see cref="WebSocketMessageKind.Close"/> message, and keeps doing so.
    /// Only one call may be in progress at a time.
    /// </summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<WebSocketMessage> ReceiveAsync(CancellationToken cancellationToken = default)
    {
        if (Volatile.Read(ref _closed) != 0 || Volatile.Read(ref _closeReceived) != 0)
        {
            return CloseMessage;
        }

        if (Interlocked.Exchange(ref _receiving, 1) != 0)
        {
            throw new InvalidOperationException("Another ReceiveAsync is already in progress on this connection.");
        }

        try
        {
            while (true)
            {
                ReadResult result;
                try
                {
                    result = await _input.ReadAsync(cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    throw;
                }
                catch (Exception exception)
                {
                    return TransportEnded(exception);
                }

                if (result.IsCanceled)
                {
                    if (Volatile.Read(ref _closed) != 0)
                    {
                        return CloseMessage;
                    }

                    continue;
                }

                var buffer = result.Buffer;
                var reader = new SequenceReader<byte>(buffer);
                var status = _parser.Parse(ref reader);
                if (status == WebSocketParseStatus.NeedMoreData)
                {
                    _input.AdvanceTo(reader.Position, buffer.End);
                    if (result.IsCompleted)
                    {
                        return TransportEnded(null);
                    }

                    continue;
                }

                _input.AdvanceTo(reader.Position);
                switch (status)
                {
                    case WebSocketParseStatus.Message:
                        return new WebSocketMessage(_parser.MessageKind, _parser.MessagePayload);
                    case WebSocketParseStatus.Error:
                        await FailAsync(_parser.Error).ConfigureAwait(false);
                        return CloseMessage;
                    default:
                        if (await OnControlFrameAsync().ConfigureAwait(false))
                        {
                            return CloseMessage;
                        }

                        break;
                }
            }
        }
        finally
        {
            Volatile.Write(ref _receiving, 0);
        }
    }

    /// <summary>Handles a ping, pong or close; true when the connection is now closed.</summary>
    private async ValueTask<bool> OnControlFrameAsync()
    {
        switch (_parser.ControlOpcode)
        {
            case WebSocketOpcode.Ping:
                await SendControlAsync(WebSocketOpcode.Pong, _parser.ControlPayload, CancellationToken.None).ConfigureAwait(false);
                return false;
            case WebSocketOpcode.Pong:
                OnPong();
                return false;
        }

        Volatile.Write(ref _closeReceived, 1);
        var hasCode = ReadPeerClose(_parser.ControlPayload.Span);
        WebSocketLog.ClosedByPeer(_logger, CloseStatus!.Value);
        var reply = hasCode ? CloseStatus.Value : WebSocketCloseCode.NormalClosure;
        await TrySendCloseAsync(reply, null, CancellationToken.None).ConfigureAwait(false);
        await FinishAsync(reply).ConfigureAwait(false);
        return true;
    }

    /// <summary>Takes the code and reason of the peer's (already validated) close frame; false when it had no code.</summary>
    private bool ReadPeerClose(ReadOnlySpan<byte> payload)
    {
        if (payload.Length < 2)
        {
            CloseStatus ??= WebSocketCloseCode.NoStatusReceived;
            return false;
        }

        CloseStatus ??= (WebSocketCloseCode)BinaryPrimitives.ReadUInt16BigEndian(payload);
        CloseDescription ??= payload.Length > 2 ? Encoding.UTF8.GetString(payload[2..]) : null;
        return true;
    }

    /// <summary>The one error path: close with the mapped code, wait briefly for the peer's close, end.</summary>
    private async ValueTask FailAsync(WebSocketError error)
    {
        var code = error.ToCloseCode();
        WebSocketLog.ProtocolError(_logger, error, code);
        CloseStatus ??= code;
        if (await TrySendCloseAsync(code, null, CancellationToken.None).ConfigureAwait(false))
        {
            await WaitForPeerCloseAsync(afterError: true).ConfigureAwait(false);
        }

        await FinishAsync(code).ConfigureAwait(false);
    }

    /// <summary>
    /// Reads until the peer's close frame (data is discarded), the end of input or the close timeout.
    /// After a protocol error the rest of the broken frame is skipped and parsing restarts on the next read.
    /// </summary>
    private async ValueTask WaitForPeerCloseAsync(bool afterError)
    {
        if (afterError)
        {
            if (_input.TryRead(out var pending))
            {
                _input.AdvanceTo(pending.Buffer.End);
            }

            _parser.Reset();
        }

        using var timeout = new CancellationTokenSource(_closeTimeout, _timeProvider);
        try
        {
            while (true)
            {
                var result = await _input.ReadAsync(timeout.Token).ConfigureAwait(false);
                if (result.IsCanceled)
                {
                    return;
                }

                var buffer = result.Buffer;
                var reader = new SequenceReader<byte>(buffer);
                WebSocketParseStatus status;
                do
                {
                    status = _parser.Parse(ref reader);
                }
                while (status == WebSocketParseStatus.Message
                    || (status == WebSocketParseStatus.Control && _parser.ControlOpcode != WebSocketOpcode.Close));

                if (status == WebSocketParseStatus.Control)
                {
                    _input.AdvanceTo(reader.Position);
                    Volatile.Write(ref _closeReceived, 1);
                    ReadPeerClose(_parser.ControlPayload.Span);
                    return;
                }

                if (status == WebSocketParseStatus.Error)
                {
                    _input.AdvanceTo(buffer.End);
                    _parser.Reset();
                }
                else
                {
                    _input.AdvanceTo(reader.Position, buffer.End);
                }

                if (result.IsCompleted)
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

    /// <summary>
    /// Ends the connection after the close handshake (or its timeout). A client waits for the server to
    /// close TCP first (RFC 6455 §7.1.1), so it never resets the connection with unread input.
    /// </summary>
    private async ValueTask FinishAsync(WebSocketCloseCode status)
    {
        if (!MarkClosed(status))
        {
            return;
        }

        if (!_isServer)
        {
            await DrainUntilEndAsync().ConfigureAwait(false);
        }

        if (_ownsStream)
        {
            try
            {
                await _stream.DisposeAsync().ConfigureAwait(false);
            }
            catch (Exception exception)
            {
                WebSocketLog.TransportFailed(_logger, exception);
            }
        }

        SignalClosed();
    }

    private async ValueTask DrainUntilEndAsync()
    {
        using var timeout = new CancellationTokenSource(_closeTimeout, _timeProvider);
        try
        {
            while (true)
            {
                var result = await _input.ReadAsync(timeout.Token).ConfigureAwait(false);
                _input.AdvanceTo(result.Buffer.End);
                if (result.IsCompleted || result.IsCanceled)
                {
                    return;
                }
            }
        }
        catch (Exception exception)
        {
            WebSocketLog.TransportFailed(_logger, exception);
        }
    }

    private WebSocketMessage TransportEnded(Exception? exception)
    {
        if (exception is not null)
        {
            WebSocketLog.TransportFailed(_logger, exception);
        }

        if (MarkClosed(WebSocketCloseCode.AbnormalClosure))
        {
            if (_ownsStream)
            {
                _stream.Dispose();
            }

            SignalClosed();
        }

        return CloseMessage;
    }
}
