namespace TypedSockets.SocketIO;

/// <summary>
/// Runs one socket's handlers one at a time and in order, on the thread pool: its connection handlers, then
/// every event queued behind them, then, once the socket closed and the queue is drained, its disconnect
/// handlers. A runner is scheduled only while there is work, so an idle socket parks no loop, no task and no
/// channel: with thousands of idle connections those would be most of what a socket costs.
/// </summary>
internal sealed class SocketEventQueue : IThreadPoolWorkItem
{
    private readonly Socket _socket;
    private readonly Queue<IncomingEvent> _queue = new();
    private readonly int _capacity;
    private TaskCompletionSource? _spaceAvailable;

    // A runner is scheduled or running (true from the start: the first runs the connection handlers).
    private bool _running = true;
    private bool _connectionHandlersDone;
    private bool _completed;
    private bool _disconnectHandlersDue = true;

    public SocketEventQueue(Socket socket, int capacity)
    {
        _socket = socket;
        _capacity = capacity;
    }

    /// <summary>Runs the connection handlers, then whatever was queued meanwhile; called once, when the socket connected.</summary>
    public void Start() => ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);

    /// <summary>Queues an event; waits while the queue is full (backpressure on this client's connection only).</summary>
    public ValueTask EnqueueAsync(IncomingEvent incoming)
    {
        var full = TryEnqueue(incoming);
        return full is null ? ValueTask.CompletedTask : EnqueueWhenSpaceAsync(full, incoming);
    }

    /// <summary>No more events: the queued ones still run, then the disconnect handlers. Events queued later are dropped.</summary>
    public void Complete()
    {
        TaskCompletionSource? waiting;
        bool schedule;
        lock (_queue)
        {
            if (_completed)
            {
                return;
            }

            _completed = true;
            waiting = _spaceAvailable;
            _spaceAvailable = null;
            schedule = !_running;
            _running = true;
        }

        // A writer waiting for space sees the queue completed and drops its event.
        waiting?.TrySetResult();
        if (schedule)
        {
            Start();
        }
    }

    void IThreadPoolWorkItem.Execute() => _ = RunAsync();

    /// <summary>Null when queued (or dropped after <see cref="Complete"/>); otherwise what to await before trying again.</summary>
    private Task? TryEnqueue(in IncomingEvent incoming)
    {
        bool schedule;
        lock (_queue)
        {
            if (_completed)
            {
                incoming.Release();
                return null;
            }

            if (_queue.Count >= _capacity)
            {
                _spaceAvailable ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                return _spaceAvailable.Task;
            }

            _queue.Enqueue(incoming);
            schedule = !_running;
            _running = true;
        }

        if (schedule)
        {
            Start();
        }

        return null;
    }

    private async ValueTask EnqueueWhenSpaceAsync(Task full, IncomingEvent incoming)
    {
        Task? wait = full;
        while (wait is not null)
        {
            await wait.ConfigureAwait(false);
            wait = TryEnqueue(incoming);
        }
    }

    private async Task RunAsync()
    {
        if (!_connectionHandlersDone)
        {
            _connectionHandlersDone = true;
            await _socket.RunConnectionHandlersAsync().ConfigureAwait(false);
        }

        while (true)
        {
            IncomingEvent incoming;
            TaskCompletionSource? space;
            lock (_queue)
            {
                if (!_queue.TryDequeue(out incoming))
                {
                    if (!_completed || !_disconnectHandlersDue)
                    {
                        _running = false;
                        return;
                    }

                    // The last run: nothing is scheduled after it (_running stays true).
                    _disconnectHandlersDue = false;
                    break;
                }

                space = _spaceAvailable;
                _spaceAvailable = null;
            }

            space?.TrySetResult();
            try
            {
                await _socket.DispatchAsync(incoming).ConfigureAwait(false);
            }
            catch (Exception exception)
            {
                _socket.OnHandlerFailed(exception);
            }
            finally
            {
                incoming.Release();
            }
        }

        await _socket.RunDisconnectHandlersAsync().ConfigureAwait(false);
    }
}
