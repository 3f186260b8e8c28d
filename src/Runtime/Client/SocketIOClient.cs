using System.Text;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using TypedSockets.Client.Transports;
using TypedSockets.Diagnostics;
using TypedSockets.SocketIO;
using TypedSockets.SocketIO.Protocol;

namespace TypedSockets.Client;

/// <summary>
/// A Socket.IO v5 client of one namespace over Engine.IO v4 (HTTP long-polling with upgrade to WebSocket, or either
/// alone), on TypedSockets' own WebSocket client: handshake, heartbeat, events and acknowledgements (binary too),
/// retries of the first connection and reconnection with randomized exponential backoff, a bounded buffer of emits
/// while disconnected, and connection state recovery (socket.io's <c>pid</c> and offset). Incoming events run one at a
/// time, in order, on a loop of their own.
/// </summary>
/// <remarks>
/// Generated typed clients (<see cref="TypedSocketsClientAttribute"/>) wrap one; use it directly for untyped events.
/// The parts live in files of their own: this one is the public surface and sending; the handshake, the receive loop,
/// the handling of incoming packets and the reconnection loop are the other parts of this class.
/// </remarks>
public sealed partial class SocketIOClient : IAsyncDisposable
{
    private readonly Uri _webSocketEndpoint;
    private readonly Uri _pollingEndpoint;
    private readonly string _namespace;
    private readonly byte[] _namespaceBytes;
    private readonly byte[] _prefix;
    private readonly SocketIOClientOptions _options;
    private readonly Func<SocketIOClientEvent, ValueTask> _onEvent;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _disposed = new();
    private readonly PacketSender _sender = new();
    private readonly PendingAcks _acks;
    private readonly Channel<SocketIOClientEvent> _events = Channel.CreateUnbounded<SocketIOClientEvent>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });

    // Emits made while disconnected; _buffering says whether an emit goes here or straight out (both under _bufferLock).
    private readonly Lock _bufferLock = new();
    private readonly SendBuffer _buffer;
    private bool _buffering = true;

    // Set once the client will never connect again (disposed, disconnected by the server, out of attempts).
    private string? _closedReason;
    private TaskCompletionSource _connected = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private ClientTransport? _connection;
    private HttpClient? _http;
    private CancellationTokenSource _connectionEnded = new();
    private Task? _receiveLoop;
    private volatile bool _closing;
    private Task? _dispatchLoop;

    /// <summary>
    /// A client of namespace <paramref name="namespace"/> at <paramref name="serverUri"/> (http, https, ws or wss; the
    /// path comes from <see cref="SocketIOClientOptions.Path"/>); every event the server sends goes to
    /// <paramref name="onEvent"/>. Nothing is sent before <see cref="ConnectAsync"/>.
    /// </summary>
    public SocketIOClient(Uri serverUri, string @namespace, SocketIOClientOptions options, Func<SocketIOClientEvent, ValueTask> onEvent)
    {
        ArgumentNullException.ThrowIfNull(serverUri);
        ArgumentException.ThrowIfNullOrEmpty(@namespace);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(onEvent);
        SocketIOClientOptionsValidator.ThrowIfInvalid(options, nameof(options));
        var secure = serverUri.Scheme is "https" or "wss";
        _webSocketEndpoint = new UriBuilder(serverUri) { Scheme = secure ? "wss" : "ws", Path = options.Path, Query = "EIO=4&transport=websocket" }.Uri;
        _pollingEndpoint = new UriBuilder(serverUri) { Scheme = secure ? "https" : "http", Path = options.Path, Query = "EIO=4&transport=polling" }.Uri;
        _namespace = @namespace;
        _namespaceBytes = Encoding.UTF8.GetBytes(@namespace);
        _prefix = @namespace == "/" ? [] : Encoding.UTF8.GetBytes(@namespace + ",");
        _options = options;
        _onEvent = onEvent;
        _buffer = new SendBuffer(options.MaxBufferedEmits, options.MaxBufferedBytes);
        _acks = new PendingAcks(options.TimeProvider, options.AckTimeout, DropBuffered);
        _logger = options.LoggerFactory?.CreateLogger(ClientLog.Category) ?? NullLogger.Instance;
    }

    /// <summary>The Socket.IO id the server gave this client (the same after a recovered reconnection, else new); null while disconnected.</summary>
    public string? Id { get; private set; }

    /// <summary>True while a connection to the namespace is up (false while reconnecting and after disposal).</summary>
    public bool IsConnected => _connected.Task.IsCompletedSuccessfully;

    /// <summary>
    /// True when the last connection recovered the previous one (socket.io's <c>socket.recovered</c>): the server kept
    /// this client's id, rooms and data and sent every event it missed. False after the first connection, and after a
    /// reconnection the server did not recover (then <see cref="SocketIOClientOptions.RestoreState"/> runs).
    /// </summary>
    public bool Recovered { get; private set; }

    /// <summary>The transport in use, socket.io's name for it (<c>polling</c> or <c>websocket</c>); null while disconnected.</summary>
    public string? Transport => IsConnected ? _connection?.Name : null;

    /// <summary>Raised after every successful (re)connection; <see cref="Recovered"/> says whether the server recovered the session.</summary>
    public event Action? Connected;

    /// <summary>Raised when a connection ends, with socket.io-client's reason (one of <see cref="ClientDisconnectReasons"/>).</summary>
    public event Action<string>? Disconnected;

    /// <summary>
    /// Connects (retrying with the reconnection backoff while the server cannot be reached, up to
    /// <see cref="SocketIOClientOptions.ReconnectionAttempts"/> more attempts), sends what was emitted meanwhile, then
    /// keeps the connection up until disposed.
    /// </summary>
    /// <exception cref="SocketIOConnectException">The server refused the namespace (not retried), or every attempt failed.</exception>
    public async Task ConnectAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_closing, this);
        if (_receiveLoop is not null)
        {
            throw new InvalidOperationException("Already connected.");
        }

        var attempt = 0;
        while (true)
        {
            try
            {
                await ConnectOnceAsync(cancellationToken).ConfigureAwait(false);
                break;
            }
            catch (SocketIOConnectException exception) when (exception.IsRefusal)
            {
                throw;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested || _disposed.IsCancellationRequested)
            {
                throw;
            }
            catch (Exception exception) when (exception is not OutOfMemoryException)
            {
                if (!_options.Reconnection || attempt >= _options.ReconnectionAttempts)
                {
                    throw new SocketIOConnectException(
                        _namespace,
                        $"Could not connect to namespace '{_namespace}' at {_pollingEndpoint.GetLeftPart(UriPartial.Path)}: {attempt + 1} attempt(s) failed; the last with: {exception.Message}",
                        exception);
                }

                var delay = ReconnectBackoff.Delay(_options, attempt++);
                ClientLog.ConnectFailed(_logger, attempt, _pollingEndpoint, delay, exception.Message);
                await Task.Delay(delay, _options.TimeProvider, cancellationToken).ConfigureAwait(false);
            }
        }

        _dispatchLoop = Task.Run(DispatchLoopAsync);
        await OnConnectedAsync(isReconnect: false).ConfigureAwait(false);
        _receiveLoop = Task.Run(RunAsync);
    }

    /// <summary>
    /// Emits an event. While connected it completes once the packet is written; while disconnected it returns at once and
    /// the emit waits in the send buffer until the next connection (<see cref="SocketIOClientOptions.MaxBufferedEmits"/>;
    /// a full buffer fails the emit at once with <see cref="InvalidOperationException"/>). After the client closed for
    /// good it fails with <see cref="SocketIOConnectException"/>.
    /// </summary>
    public Task EmitAsync<TState>(string eventName, TState state, WriteArguments<TState> write, CancellationToken cancellationToken = default)
        where TState : allows ref struct
    {
        var call = TypedSocketsActivities.StartClientCall(_namespace, eventName, _pollingEndpoint);
        var packet = SocketIOPacketWriter.WriteEvent(_prefix, -1, eventName, state, write, _options.PropagateTraceContext ? call : null);
        return TypedSocketsActivities.Track(call, SendOrBufferAsync(packet, -1, cancellationToken));
    }

    /// <summary>
    /// Emits an event and waits for the server's acknowledgement; <see cref="TimeoutException"/> after
    /// <see cref="SocketIOClientOptions.AckTimeout"/>, counted from this call, including any time the emit waited in the
    /// send buffer for a connection (a buffered emit that timed out is not sent).
    /// </summary>
    public Task<EventArguments> EmitWithAckAsync<TState>(string eventName, TState state, WriteArguments<TState> write, CancellationToken cancellationToken = default)
        where TState : allows ref struct
    {
        var ack = new OwnedAck();
        return EmitWithAck(eventName, state, write, ack, ack.Task, cancellationToken);
    }

    /// <summary>
    /// As <see cref="EmitWithAckAsync{TState}"/>, with the result read from the acknowledgement by
    /// <paramref name="read"/> on the receive loop, while the answer is still in the receive buffer: the arguments are
    /// not copied for the caller (what the generated typed client does for its results). An exception
    /// <paramref name="read"/> throws fails the call.
    /// </summary>
    public Task<TResult> EmitWithAckAsync<TState, TResult>(string eventName, TState state, WriteArguments<TState> write, ReadAcknowledgement<TResult> read, CancellationToken cancellationToken = default)
        where TState : allows ref struct
    {
        ArgumentNullException.ThrowIfNull(read);
        var ack = new DecodedAck<TResult>(read);
        return EmitWithAck(eventName, state, write, ack, ack.Task, cancellationToken);
    }

    /// <summary>Says goodbye to the namespace (DISCONNECT, then the transport's close), stops reconnecting and waits for the loops to end.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_closing)
        {
            return;
        }

        // Set before the goodbye, so the receive loop does not take the closing handshake for a lost connection.
        _closing = true;
        CloseForGood(ClientDisconnectReasons.ClientDisconnect);
        var connection = _connection;
        if (connection is not null && IsConnected)
        {
            try
            {
                // Behind every emit already queued, as socket.io-client's goodbye is.
                await _sender.SendAndWaitAsync(new OutgoingPacket(SocketIOPacketWriter.WriteDisconnect(_prefix), null)).ConfigureAwait(false);
                await connection.CloseAsync().ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is IOException or HttpRequestException or ObjectDisposedException or OperationCanceledException or InvalidOperationException)
            {
                // Already gone: nothing to say goodbye to.
            }
        }

        _disposed.Cancel();
        connection?.Abort();
        _events.Writer.TryComplete();
        if (_receiveLoop is not null)
        {
            await _receiveLoop.ConfigureAwait(false);
        }

        if (_dispatchLoop is not null)
        {
            await _dispatchLoop.ConfigureAwait(false);
        }

        if (connection is not null)
        {
            await connection.DisposeAsync().ConfigureAwait(false);
        }

        _sender.Detach();
        _http?.Dispose();
        _acks.Dispose();
        _disposed.Dispose();
    }

    private Task<TResult> EmitWithAck<TState, TResult>(string eventName, TState state, WriteArguments<TState> write, IPendingAck ack, Task<TResult> answer, CancellationToken cancellationToken)
        where TState : allows ref struct
    {
        var call = TypedSocketsActivities.StartClientCall(_namespace, eventName, _pollingEndpoint);
        var ackId = _acks.Add(ack);
        var packet = SocketIOPacketWriter.WriteEvent(_prefix, ackId, eventName, state, write, _options.PropagateTraceContext ? call : null);
        var sent = SendOrBufferAsync(packet, ackId, cancellationToken);

        // The common case (written or buffered at once, nothing to cancel) is the answer itself: the ack timer, the
        // server's answer or the end of the connection completes it, and each takes it out of the pending acks.
        var result = sent.IsCompletedSuccessfully && !cancellationToken.CanBeCanceled ? answer : WaitForAckAsync(ackId, answer, sent, cancellationToken);
        return TypedSocketsActivities.Track(call, result);
    }

    /// <summary>Answers the server's ack <paramref name="ackId"/>; false when disconnected (the answer would reach nobody).</summary>
    internal bool SendAck<TState>(long ackId, TState state, WriteArguments<TState> write)
        where TState : allows ref struct
    {
        if (!IsConnected)
        {
            return false;
        }

        // The handler does not wait for the write; a failed one means the connection is gone, which the receive loop reports.
        return _sender.Send(SocketIOPacketWriter.WriteAck(_prefix, ackId, state, write));
    }

    /// <summary>
    /// Queues the packet for the connection's next batch while connected (an emit without ack waits for its write; one
    /// with an ack waits for the answer instead, which a failed write fails by ending the connection); otherwise keeps
    /// it in the send buffer (or fails when it is full or the client closed).
    /// </summary>
    private Task SendOrBufferAsync(OutgoingPacket packet, long ackId, CancellationToken cancellationToken)
    {
        lock (_bufferLock)
        {
            if (_closedReason is not null)
            {
                packet.Release();
                return Task.FromException(new SocketIOConnectException(_namespace, $"Not connected to namespace '{_namespace}' and not reconnecting ({_closedReason})."));
            }

            if (_buffering)
            {
                if (_buffer.TryAdd(packet, ackId))
                {
                    return Task.CompletedTask;
                }

                packet.Release();
                return Task.FromException(new InvalidOperationException(
                    $"The send buffer is full ({_options.MaxBufferedEmits} emits or {_options.MaxBufferedBytes} bytes): not connected to namespace '{_namespace}'."));
            }

            if (cancellationToken.IsCancellationRequested)
            {
                packet.Release();
                return Task.FromCanceled(cancellationToken);
            }

            // Queued under the buffer lock, so an emit is never queued for a connection that already ended.
            if (ackId >= 0)
            {
                _sender.Send(packet);
                return Task.CompletedTask;
            }

            return _sender.SendAndWaitAsync(packet);
        }
    }

    /// <summary>
    /// Sends what was buffered while disconnected, in order, then lets emits go straight out. Emits made during the flush
    /// queue behind it. When the connection drops meanwhile, what was not sent goes back into the buffer.
    /// </summary>
    private async Task FlushBufferAsync()
    {
        while (true)
        {
            List<SendBuffer.Entry> pending;
            lock (_bufferLock)
            {
                if (_buffer.Count == 0)
                {
                    _buffering = _closedReason is not null;
                    return;
                }

                pending = _buffer.TakeAll();
            }

            try
            {
                // One batch, copied: the packets stay ours, to go back into the buffer if the write fails.
                await _sender.SendAndWaitAsync(pending).ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is not OutOfMemoryException)
            {
                lock (_bufferLock)
                {
                    _buffer.ReturnToFront(pending, 0);
                }

                return;
            }

            foreach (var entry in pending)
            {
                entry.Packet.Release();
            }
        }
    }

    /// <summary>From now on emits fail at once; what is buffered is dropped and the emits waiting for acks fail.</summary>
    private void CloseForGood(string reason)
    {
        lock (_bufferLock)
        {
            _closedReason ??= reason;
            _buffering = true;
            _buffer.Clear();
        }

        _acks.FailAll(reason);
    }

    /// <summary>An emit whose send is still under way or failed, or that may be cancelled; the ack timer still bounds it.</summary>
    private async Task<TResult> WaitForAckAsync<TResult>(long ackId, Task<TResult> answer, Task sent, CancellationToken cancellationToken)
    {
        try
        {
            await sent.ConfigureAwait(false);
            return await answer.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            DropBuffered(ackId);
            throw;
        }
        finally
        {
            _acks.Remove(ackId);
        }
    }

    /// <summary>Takes a buffered emit that gave up (timed out or cancelled) out of the send buffer, as socket.io-client does.</summary>
    private void DropBuffered(long ackId)
    {
        lock (_bufferLock)
        {
            _buffer.RemoveAck(ackId);
        }
    }

    private bool IsOurs(ReadOnlySpan<byte> packet, in SocketIOPacketHeader header)
    {
        var name = packet[header.Namespace];
        return name.IsEmpty ? _namespace == "/" : name.SequenceEqual(_namespaceBytes);
    }
}
