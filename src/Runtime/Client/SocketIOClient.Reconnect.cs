namespace TypedSockets.Client;

/// <summary>The life of the client across connections: receive one until it ends, then reconnect with backoff.</summary>
public sealed partial class SocketIOClient
{
    private async Task RunAsync()
    {
        var attempt = 0;

        // Every connection that was made is received until it ends, even when disposal came first (this loop may start
        // late on a busy thread pool): ReceiveAsync then returns at once, and OnConnectionEnded still marks the client
        // disconnected and raises Disconnected.
        while (true)
        {
            var reason = await ReceiveAsync(_connection!).ConfigureAwait(false);
            OnConnectionEnded(reason);

            // As socket.io-client: a socket the server disconnected stays disconnected.
            if (_closing || reason == ClientDisconnectReasons.ServerDisconnect || !_options.Reconnection)
            {
                return;
            }

            var reconnected = false;
            while (!_closing && !reconnected)
            {
                var delay = ReconnectBackoff.Delay(_options, attempt++);
                try
                {
                    await Task.Delay(delay, _options.TimeProvider, _disposed.Token).ConfigureAwait(false);
                    await ConnectOnceAsync(_disposed.Token).ConfigureAwait(false);
                    attempt = 0;
                    reconnected = true;
                }
                catch (OperationCanceledException) when (_disposed.IsCancellationRequested)
                {
                    return;
                }
                catch (Exception exception) when (exception is not OutOfMemoryException)
                {
                    ClientLog.ReconnectFailed(_logger, attempt, _endpoint, ReconnectBackoff.Delay(_options, attempt), exception);
                }
            }

            if (!reconnected)
            {
                return;
            }
        }
    }

    private void OnConnectionEnded(string reason)
    {
        Id = null;
        _connected = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _connectionEnded.Cancel();
        _acks.FailAll(reason);
        ClientLog.Disconnected(_logger, _namespace, reason);
        Disconnected?.Invoke(reason);
    }
}
