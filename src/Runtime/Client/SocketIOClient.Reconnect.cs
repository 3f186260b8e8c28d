namespace TypedSockets.Client;

/// <summary>The life of the client across connections: receive one until it ends, then reconnect with backoff.</summary>
public sealed partial class SocketIOClient
{
    private async Task RunAsync()
    {
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
                CloseForGood(reason);
                return;
            }

            if (!await ReconnectAsync().ConfigureAwait(false))
            {
                return;
            }
        }
    }

    /// <summary>Reconnects with backoff; false when the client was disposed, the namespace refused, or the attempts ran out.</summary>
    private async Task<bool> ReconnectAsync()
    {
        for (var attempt = 0; !_closing; attempt++)
        {
            if (attempt >= _options.ReconnectionAttempts)
            {
                ClientLog.ReconnectGaveUp(_logger, _namespace, attempt);
                CloseForGood($"gave up after {attempt} reconnection attempts");
                return false;
            }

            var delay = ReconnectBackoff.Delay(_options, attempt);
            try
            {
                await Task.Delay(delay, _options.TimeProvider, _disposed.Token).ConfigureAwait(false);
                await ConnectOnceAsync(_disposed.Token).ConfigureAwait(false);
                await OnConnectedAsync(isReconnect: true).ConfigureAwait(false);
                return true;
            }
            catch (OperationCanceledException) when (_disposed.IsCancellationRequested)
            {
                return false;
            }
            catch (SocketIOConnectException exception) when (exception.IsRefusal)
            {
                // As socket.io-client: a namespace that refused the socket is not asked again.
                ClientLog.ReconnectRefused(_logger, _namespace, exception.Message);
                CloseForGood(exception.Message);
                return false;
            }
            catch (Exception exception) when (exception is not OutOfMemoryException)
            {
                ClientLog.ReconnectFailed(_logger, attempt + 1, _pollingEndpoint, ReconnectBackoff.Delay(_options, attempt + 1), exception);
            }
        }

        return false;
    }

    private void OnConnectionEnded(string reason)
    {
        Id = null;
        lock (_bufferLock)
        {
            // From now on emits wait in the send buffer for the next connection.
            _buffering = true;
        }

        // What was queued for the connection that ended is dropped (buffered emits are not: they wait for the next).
        _sender.Detach();

        _connected = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _connectionEnded.Cancel();
        _acks.FailAll(reason);
        ClientLog.Disconnected(_logger, _namespace, reason);
        Disconnected?.Invoke(reason);
    }
}
