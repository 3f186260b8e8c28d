using System.Buffers.Binary;
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
    public ValueTask<WebSocketMessage> ReceiveAsync(CancellationToken cancellationToken = default)
    {
        if (Volatile.Read(ref _closed) != 0 || Volatile.Read(ref _closeReceived) != 0)
        {
            return new(CloseMessage);
        }

        var reader = Interlocked.CompareExchange(ref _receiving, ReceivingByReceive, 0);
        if (reader != 0)
        {
            return ReceiveWhileReadingAsync(reader, cancellationToken);
        }

        // The common case without an async state machine: a whole frame is already buffered.
        if (_hasBuffer && TryParseBufferedFrame(out var message))
        {
            Volatile.Write(ref _receiving, 0);
            return new(message);
        }

        return ReceiveReadingAsync(cancellationToken);
    }

    /// <summary>A receive that found the input already taken: by CloseAsync (its outcome is this call's), or by another receive.</summary>
    private async ValueTask<WebSocketMessage> ReceiveWhileReadingAsync(int reader, CancellationToken cancellationToken)
    {
        if (reader == ReceivingByClose)
        {
            await Finished.WaitAsync(cancellationToken).ConfigureAwait(false);
            return CloseMessage;
        }

        throw new InvalidOperationException("Another ReceiveAsync is already in progress on this connection.");
    }

    /// <summary>The general receive: parses, reads more, handles control frames and errors; owns the input until it returns.</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<WebSocketMessage> ReceiveReadingAsync(CancellationToken cancellationToken)
    {
        try
        {
            while (true)
            {
                if (_hasBuffer)
                {
                    var status = ParseBuffered(out var message);
                    switch (status)
                    {
                        case WebSocketParseStatus.Message:
                            return message;
                        case WebSocketParseStatus.Error:
                            await FailAsync(_parser.Error).ConfigureAwait(false);
                            return CloseMessage;
                        case WebSocketParseStatus.Control:
                            if (await OnControlFrameAsync().ConfigureAwait(false))
                            {
                                return CloseMessage;
                            }

                            continue;
                    }

                    if (_inputCompleted)
                    {
                        return TransportEnded(null);
                    }
                }

                if (_parser.PendingDataPayload >= WebSocketDuplex.ReadBufferSize && _duplex.DirectInput is not null && (!_hasBuffer || SyncBuffer().IsEmpty))
                {
                    WebSocketParseStatus? payload;
                    try
                    {
                        payload = await ReadPayloadDirectAsync(cancellationToken).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                    {
                        throw;
                    }
                    catch (Exception exception)
                    {
                        // A read failing because Abort dropped the transport is no transport failure.
                        return Volatile.Read(ref _closed) != 0 ? CloseMessage : TransportEnded(exception);
                    }

                    switch (payload)
                    {
                        case null:
                            return TransportEnded(null);
                        case WebSocketParseStatus.Message:
                            return new WebSocketMessage(_parser.MessageKind, _parser.MessagePayload);
                        case WebSocketParseStatus.Error:
                            await FailAsync(_parser.Error).ConfigureAwait(false);
                            return CloseMessage;
                    }

                    continue;
                }

                bool read;
                try
                {
                    read = TakeRead(await ReadMore(cancellationToken).ConfigureAwait(false));
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    throw;
                }
                catch (Exception exception)
                {
                    return TransportEnded(exception);
                }

                if (!read && Volatile.Read(ref _closed) != 0)
                {
                    return CloseMessage;
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
                await SendFrameAsync(WebSocketOpcode.Pong, _parser.ControlPayload, CancellationToken.None).ConfigureAwait(false);
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

    /// <summary>
    /// The one error path (RFC 6455 §7.1.7, "Fail the WebSocket Connection"): send a close with the mapped code,
    /// then end. A server closes TCP at once: a peer that broke the protocol (a bad close frame among others) owes
    /// no well-formed close reply, and waiting for one would hold the connection for the whole close timeout. A
    /// client still waits briefly for the server's close, since the server is the side that closes TCP (§7.1.1).
    /// </summary>
    private async ValueTask FailAsync(WebSocketError error)
    {
        var code = error.ToCloseCode();
        WebSocketLog.ProtocolError(_logger, error, code);
        CloseStatus ??= code;
        if (await TrySendCloseAsync(code, null, CancellationToken.None).ConfigureAwait(false) && !_isServer)
        {
            await WaitForPeerCloseAsync(afterError: true).ConfigureAwait(false);
        }

        await FinishAsync(code).ConfigureAwait(false);
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

        try
        {
            await _duplex.CloseAsync().ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            WebSocketLog.TransportFailed(_logger, exception);
        }

        SignalClosed();
    }

    private WebSocketMessage TransportEnded(Exception? exception)
    {
        if (exception is not null)
        {
            WebSocketLog.TransportFailed(_logger, exception);
        }

        if (MarkClosed(WebSocketCloseCode.AbnormalClosure))
        {
            try
            {
                _duplex.Abort();
            }
            catch (Exception abortException)
            {
                WebSocketLog.TransportFailed(_logger, abortException);
            }

            SignalClosed();
        }

        return CloseMessage;
    }
}
