namespace TypedSockets.WebSockets;

public sealed partial class WebSocketConnection
{
    private ITimer? _pingTimer;
    private ITimer? _pongTimer;
    private TimeSpan _keepAliveTimeout;
    private int _awaitingPong;

    private void StartKeepAlive(TimeSpan interval, TimeSpan timeout)
    {
        if (interval <= TimeSpan.Zero)
        {
            return;
        }

        _keepAliveTimeout = timeout;
        _pongTimer = _timeProvider.CreateTimer(
            static state => ((WebSocketConnection)state!).OnPongOverdue(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        _pingTimer = _timeProvider.CreateTimer(
            static state => ((WebSocketConnection)state!).OnPingDue(), this, interval, interval);
    }

    private void OnPingDue()
    {
        // One ping in flight at a time: an unanswered one is judged by the pong timer alone.
        if (Volatile.Read(ref _closed) != 0 || Interlocked.Exchange(ref _awaitingPong, 1) != 0)
        {
            return;
        }

        _pongTimer?.Change(_keepAliveTimeout, Timeout.InfiniteTimeSpan);
        _ = SendPingAsync();
    }

    private async Task SendPingAsync()
    {
        try
        {
            await SendFrameAsync(WebSocketOpcode.Ping, ReadOnlyMemory<byte>.Empty, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            WebSocketLog.TransportFailed(_logger, exception);
        }
    }

    private void OnPong()
    {
        if (Interlocked.Exchange(ref _awaitingPong, 0) != 0)
        {
            _pongTimer?.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        }
    }

    private void OnPongOverdue()
    {
        if (Volatile.Read(ref _awaitingPong) == 0)
        {
            return;
        }

        WebSocketLog.KeepAliveTimeout(_logger, _keepAliveTimeout);
        Abort();
    }

    private void StopKeepAlive()
    {
        _pingTimer?.Dispose();
        _pongTimer?.Dispose();
    }
}
