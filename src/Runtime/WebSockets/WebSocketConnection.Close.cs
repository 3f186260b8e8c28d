namespace TypedSockets.WebSockets;

public sealed partial class WebSocketConnection
{
    /// <summary>
    /// Starts the close handshake: sends a close frame with <paramref name="code"/>, waits (at most the
    /// close timeout) for the peer's close, then ends the connection. If another caller is inside
    /// <see cref="ReceiveAsync"/>, that call reads the peer's close and returns the close message;
    /// a <see cref="ReceiveAsync"/> that starts while this call reads waits for it and returns the close message.
    /// </summary>
    public async ValueTask CloseAsync(WebSocketCloseCode code, string? reason = null, CancellationToken cancellationToken = default)
    {
        if (!WebSocketCloseCodes.IsValidOnWire((ushort)code))
        {
            throw new ArgumentOutOfRangeException(nameof(code), code, "This close code may not be sent.");
        }

        var sent = await TrySendCloseAsync(code, reason, cancellationToken).ConfigureAwait(false);
        if (sent && Interlocked.CompareExchange(ref _receiving, ReceivingByClose, 0) == 0)
        {
            try
            {
                if (Volatile.Read(ref _closeReceived) == 0)
                {
                    await WaitForPeerCloseAsync(afterError: false).ConfigureAwait(false);
                }
            }
            finally
            {
                Volatile.Write(ref _receiving, 0);
            }

            await FinishAsync(code).ConfigureAwait(false);
            return;
        }

        try
        {
            await Finished.WaitAsync(_closeTimeout, _timeProvider, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            WebSocketLog.CloseTimeout(_logger, _closeTimeout);
            Abort();
        }
    }
}
