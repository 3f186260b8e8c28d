namespace TypedSockets.WebSockets;

public sealed partial class WebSocketConnection
{
    // Null when keep-alive is off (Engine.IO has a heartbeat of its own): its fields cost every connection otherwise.
    private KeepAlive? _keepAlive;

    private void StartKeepAlive(TimeSpan interval, TimeSpan timeout)
    {
        if (interval <= TimeSpan.Zero)
        {
            return;
        }

        var pongTimer = _timeProvider.CreateTimer(
            static state => ((WebSocketConnection)state!).OnPongOverdue(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        _keepAlive = new KeepAlive(pongTimer, timeout);
        _keepAlive.PingTimer = _timeProvider.CreateTimer(
            static state => ((WebSocketConnection)state!).OnPingDue(), this, interval, interval);
    }

    private void OnPingDue()
    {
        // One ping in flight at a time: an unanswered one is judged by the pong timer alone.
        var keepAlive = _keepAlive!;
        if (Volatile.Read(ref _closed) != 0 || Interlocked.Exchange(ref keepAlive.AwaitingPong, 1) != 0)
        {
            return;
        }

        keepAlive.PongTimer.Change(keepAlive.Timeout, Timeout.InfiniteTimeSpan);
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
        if (_keepAlive is { } keepAlive && Interlocked.Exchange(ref keepAlive.AwaitingPong, 0) != 0)
        {
            keepAlive.PongTimer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        }
    }

    private void OnPongOverdue()
    {
        var keepAlive = _keepAlive!;
        if (Volatile.Read(ref keepAlive.AwaitingPong) == 0)
        {
            return;
        }

        WebSocketLog.KeepAliveTimeout(_logger, keepAlive.Timeout);
        Abort();
    }

    private void StopKeepAlive()
    {
        _keepAlive?.PingTimer?.Dispose();
        _keepAlive?.PongTimer.Dispose();
    }

    /// <summary>The timers and state of keep-alive pings.</summary>
    private sealed class KeepAlive(ITimer pongTimer, TimeSpan timeout)
    {
        public ITimer PongTimer { get; } = pongTimer;

        public TimeSpan Timeout { get; } = timeout;

        // Created after this holder, whose state the ping timer's callback reads (both within the connection's constructor).
        public ITimer? PingTimer { get; set; }

        // 1 while a ping waits for its pong.
        public int AwaitingPong;
    }
}
