using System.Net;

namespace TypedSockets.Bench.LoadGen;

/// <summary>
/// A browser's long-polling transport: one GET in flight at a time (the poll, re-issued as soon as its answer is
/// handled), one POST at a time carrying everything queued since the last one, each on a keep-alive connection from
/// the client's own small pool (a browser opens a second connection only while the first is busy). What the
/// bodies mean, and when queued packets go out, is the protocol's (<see cref="EngineIOPollingClient"/>,
/// <see cref="SignalRLongPollingClient"/>).
/// </summary>
internal abstract class PollingClient
{
    private readonly Lock _lock = new();
    private readonly Stack<BrowserHttpConnection> _idle = new();
    private readonly List<BrowserHttpConnection> _all = [];
    private byte[] _queued = new byte[1024];
    private int _queuedLength;
    private int _queuedCount;
    private byte[] _posting = new byte[1024];
    private bool _postInFlight;
    private TaskCompletionSource? _drained;
    private bool _pausing;
    private volatile bool _stopping;
    private Exception? _pollFailure;
    private Task _pollLoop = Task.CompletedTask;
    private readonly Func<int, ReadOnlySpan<byte>, bool> _handlePoll;
    private readonly IInbound _strict;

    protected PollingClient(IPEndPoint endpoint, string path, Dialect dialect, ErrorLog errors)
    {
        _handlePoll = HandlePoll;
        _strict = new StrictInbound(this);
        Endpoint = endpoint;
        Path = path;
        Dialect = dialect;
        Errors = errors;
    }

    public IPEndPoint Endpoint { get; }

    /// <summary>The endpoint's path without a query (<c>/socket.io/</c>, <c>/hub</c>).</summary>
    protected string Path { get; }

    protected Dialect Dialect { get; }

    protected ErrorLog Errors { get; }

    /// <summary>Where the protocol's messages go once the session is open (the echo session).</summary>
    public IInbound? Inbound { get; set; }

    /// <summary>The inbound, or before there is one, a sink that takes any message but a ping as an error.</summary>
    protected IInbound InboundOrStrict => Inbound ?? _strict;

    /// <summary>Path and query of the next poll (a fresh cache buster each time, as the browser clients add).</summary>
    protected abstract string PollPath();

    /// <summary>Path and query of the next POST.</summary>
    protected abstract string SendPath();

    /// <summary>Header lines (each ending in CRLF) of every poll, beyond what every browser request carries.</summary>
    protected abstract ReadOnlyMemory<byte> PollHeaders { get; }

    /// <summary>Header lines of every POST (its content type and origin, at least).</summary>
    protected abstract ReadOnlyMemory<byte> SendHeaders { get; }

    /// <summary>
    /// True when every queued packet is posted at once if no POST is in flight (engine.io-client flushes on every
    /// write); false when the protocol flushes after handling a whole poll (SignalR's send queue batches what one
    /// turn of the event loop queued).
    /// </summary>
    protected abstract bool FlushOnSend { get; }

    /// <summary>Adds one packet to the queued POST body in the transport's framing.</summary>
    protected abstract void Frame(ref byte[] body, ref int length, int count, ReadOnlySpan<byte> packet);

    /// <summary>Handles one poll's answer (called on the poll loop, one at a time).</summary>
    protected abstract void OnPollBody(ReadOnlySpan<byte> body);

    /// <summary>Opens the session over long-polling as the browser client does, until the protocol's connect is answered.</summary>
    public abstract Task OpenAsync(CancellationToken cancellationToken);

    /// <summary>Queues one packet for the next POST.</summary>
    public void Send(ReadOnlySpan<byte> packet)
    {
        lock (_lock)
        {
            var needed = _queuedLength + packet.Length + 1;
            if (needed > _queued.Length)
            {
                Array.Resize(ref _queued, Math.Max(needed, _queued.Length * 2));
            }

            Frame(ref _queued, ref _queuedLength, _queuedCount, packet);
            _queuedCount++;
            if (FlushOnSend)
            {
                FlushLocked();
            }
        }
    }

    /// <summary>Posts what is queued unless a POST is in flight (its end posts the rest).</summary>
    public void Flush()
    {
        lock (_lock)
        {
            FlushLocked();
        }
    }

    private void FlushLocked()
    {
        if (_postInFlight || _queuedLength == 0 || _stopping)
        {
            return;
        }

        (_queued, _posting) = (_posting, _queued);
        var length = _queuedLength;
        _queuedLength = 0;
        _queuedCount = 0;
        _postInFlight = true;
        _ = PostAsync(length);
    }

    private async Task PostAsync(int length)
    {
        try
        {
            var status = await RequestAsync("POST", SendPath(), SendHeaders, _posting.AsMemory(0, length), static (status, _) => status, CancellationToken.None);
            if (status != 200)
            {
                throw new IOException($"the POST was answered {status}");
            }
        }
        catch (Exception exception) when (!_stopping)
        {
            Errors.Add($"{Dialect.Name} over long-polling: sending failed: {exception.Message}");
        }
        catch (Exception)
        {
            // The generator reset the connections itself.
        }
        finally
        {
            lock (_lock)
            {
                _postInFlight = false;
                FlushLocked();
                if (!_postInFlight)
                {
                    _drained?.TrySetResult();
                }
            }
        }
    }

    /// <summary>Starts the poll loop: GET, hand the answer over, GET again, until paused or stopped.</summary>
    public void StartPolling() => _pollLoop = Task.Run(PollLoopAsync);

    private async Task PollLoopAsync()
    {
        try
        {
            while (true)
            {
                lock (_lock)
                {
                    if (_pausing || _stopping)
                    {
                        return;
                    }
                }

                await RequestAsync("GET", PollPath(), PollHeaders, default, _handlePoll, CancellationToken.None);
                if (!FlushOnSend)
                {
                    Flush();
                }
            }
        }
        catch (Exception exception) when (!_stopping)
        {
            _pollFailure = exception;
            Errors.Add($"{Dialect.Name} over long-polling: polling failed: {exception.Message}");
        }
        catch (Exception)
        {
            // The generator reset the connections itself.
        }
    }

    private bool HandlePoll(int status, ReadOnlySpan<byte> body)
    {
        if (status != 200)
        {
            throw new IOException($"the poll was answered {status}");
        }

        OnPollBody(body);
        return true;
    }

    /// <summary>
    /// Pauses the transport for an upgrade, as engine.io-client's polling transport does: no new poll, and done once
    /// the poll in flight was answered (the server ends it with a noop) and no POST is in flight.
    /// </summary>
    public async Task PauseAsync(CancellationToken cancellationToken)
    {
        Task drained;
        lock (_lock)
        {
            _pausing = true;
            _drained = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            if (!_postInFlight)
            {
                _drained.TrySetResult();
            }

            drained = _drained.Task;
        }

        await _pollLoop.WaitAsync(cancellationToken);
        await drained.WaitAsync(cancellationToken);
        if (_pollFailure is { } failure)
        {
            throw new IOException($"the last poll failed: {failure.Message}", failure);
        }
    }

    /// <summary>One request on an idle pooled connection (or a new one); <paramref name="read"/> sees the body before the connection is reused.</summary>
    protected async Task<T> RequestAsync<T>(string method, string pathAndQuery, ReadOnlyMemory<byte> headers, ReadOnlyMemory<byte> body,
        Func<int, ReadOnlySpan<byte>, T> read, CancellationToken cancellationToken)
    {
        var connection = await RentAsync(cancellationToken);
        var (status, responseBody) = await connection.SendAsync(method, pathAndQuery, headers, body, cancellationToken);
        var value = read(status, responseBody.Span);
        lock (_lock)
        {
            if (!connection.Closed && !_stopping)
            {
                _idle.Push(connection);
            }
        }

        return value;
    }

    private async Task<BrowserHttpConnection> RentAsync(CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_stopping, this);
            while (_idle.TryPop(out var idle))
            {
                if (!idle.Closed)
                {
                    return idle;
                }
            }
        }

        var connection = await BrowserHttpConnection.ConnectAsync(Endpoint, cancellationToken);
        lock (_lock)
        {
            _all.Add(connection);
            if (_stopping)
            {
                connection.Abort();
                throw new ObjectDisposedException(GetType().Name);
            }
        }

        return connection;
    }

    /// <summary>Resets every connection (no TIME_WAIT left on the generator's ports) and waits for the poll loop to end.</summary>
    public async Task AbortAsync()
    {
        BrowserHttpConnection[] connections;
        lock (_lock)
        {
            _stopping = true;
            connections = [.. _all];
        }

        foreach (var connection in connections)
        {
            connection.Abort();
        }

        await _pollLoop;
    }

    private sealed class StrictInbound(PollingClient client) : IInbound
    {
        public void OnAck(long id, ReadOnlySpan<byte> result) => client.Errors.Add($"{client.Dialect.Name} over long-polling: ack {id} before any call");

        public void OnTick(ReadOnlySpan<byte> payload) => client.Errors.Add($"{client.Dialect.Name} over long-polling: a tick nobody asked for");

        public void OnServerPing()
        {
            // The transports answer pings themselves.
        }

        public void OnUnexpected(ReadOnlySpan<byte> message) =>
            client.Errors.Add($"{client.Dialect.Name} over long-polling: unexpected message '{System.Text.Encoding.UTF8.GetString(message.Length > 120 ? message[..120] : message)}'");
    }
}
