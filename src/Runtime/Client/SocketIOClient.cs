using System.Text;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using TypedSockets.Diagnostics;
using TypedSockets.SocketIO;
using TypedSockets.SocketIO.Protocol;
using TypedSockets.WebSockets;

namespace TypedSockets.Client;

/// <summary>
/// A Socket.IO v5 client of one namespace over the Engine.IO v4 WebSocket transport, on TypedSockets' own
/// WebSocket client: handshake, heartbeat, events and acknowledgements (binary too), and automatic reconnection
/// with randomized exponential backoff. Incoming events run one at a time, in order, on a loop of their own.
/// </summary>
/// <remarks>
/// Generated typed clients (<see cref="TypedSocketsClientAttribute"/>) wrap one; use it directly for untyped events.
/// The parts live in files of their own: this one is the public surface and sending; the handshake, the receive loop,
/// the handling of incoming packets and the reconnection loop are the other parts of this class.
/// </remarks>
public sealed partial class SocketIOClient : IAsyncDisposable
{
    private readonly Uri _endpoint;
    private readonly string _namespace;
    private readonly byte[] _namespaceBytes;
    private readonly byte[] _prefix;
    private readonly SocketIOClientOptions _options;
    private readonly Func<SocketIOClientEvent, ValueTask> _onEvent;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _disposed = new();
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly PendingAcks _acks = new();
    private readonly Channel<SocketIOClientEvent> _events = Channel.CreateUnbounded<SocketIOClientEvent>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
    private TaskCompletionSource _connected = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private WebSocketConnection? _connection;
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
        var scheme = serverUri.Scheme is "https" or "wss" ? "wss" : "ws";
        _endpoint = new UriBuilder(serverUri) { Scheme = scheme, Path = options.Path, Query = "EIO=4&transport=websocket" }.Uri;
        _namespace = @namespace;
        _namespaceBytes = Encoding.UTF8.GetBytes(@namespace);
        _prefix = @namespace == "/" ? [] : Encoding.UTF8.GetBytes(@namespace + ",");
        _options = options;
        _onEvent = onEvent;
        _logger = options.LoggerFactory?.CreateLogger(ClientLog.Category) ?? NullLogger.Instance;
    }

    /// <summary>The Socket.IO id the server gave this client (changes at each reconnection); null while disconnected.</summary>
    public string? Id { get; private set; }

    /// <summary>True while a connection to the namespace is up (false while reconnecting and after disposal).</summary>
    public bool IsConnected => _connected.Task.IsCompletedSuccessfully;

    /// <summary>Raised after every successful (re)connection.</summary>
    public event Action? Connected;

    /// <summary>Raised when a connection ends, with socket.io-client's reason (one of <see cref="ClientDisconnectReasons"/>).</summary>
    public event Action<string>? Disconnected;

    /// <summary>Connects once (throws when that fails), then keeps the connection up until disposed.</summary>
    /// <exception cref="SocketIOConnectException">The server refused the namespace, or no connection came up within <see cref="SocketIOClientOptions.ConnectTimeout"/>.</exception>
    public async Task ConnectAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_closing, this);
        if (_receiveLoop is not null)
        {
            throw new InvalidOperationException("Already connected.");
        }

        await ConnectOnceAsync(cancellationToken).ConfigureAwait(false);
        _dispatchLoop = Task.Run(DispatchLoopAsync);
        _receiveLoop = Task.Run(RunAsync);
    }

    /// <summary>Emits an event; waits for a connection while reconnecting (up to <see cref="SocketIOClientOptions.ConnectTimeout"/>).</summary>
    public Task EmitAsync<TState>(string eventName, TState state, WriteArguments<TState> write, CancellationToken cancellationToken = default)
        where TState : allows ref struct
    {
        var call = TypedSocketsActivities.StartClientCall(_namespace, eventName, _endpoint);
        var packet = SocketIOPacketWriter.WriteEvent(_prefix, -1, eventName, state, write, _options.PropagateTraceContext ? call : null);
        return TypedSocketsActivities.Track(call, SendAsync(packet, cancellationToken));
    }

    /// <summary>Emits an event and waits for the server's acknowledgement; <see cref="TimeoutException"/> after <see cref="SocketIOClientOptions.AckTimeout"/>.</summary>
    public Task<EventArguments> EmitWithAckAsync<TState>(string eventName, TState state, WriteArguments<TState> write, CancellationToken cancellationToken = default)
        where TState : allows ref struct
    {
        var call = TypedSocketsActivities.StartClientCall(_namespace, eventName, _endpoint);
        var ackId = _acks.Add(out var answer);
        var packet = SocketIOPacketWriter.WriteEvent(_prefix, ackId, eventName, state, write, _options.PropagateTraceContext ? call : null);
        return TypedSocketsActivities.Track(call, WaitForAckAsync(ackId, answer, SendAsync(packet, cancellationToken), cancellationToken));
    }

    /// <summary>Says goodbye to the namespace (DISCONNECT, then the WebSocket close), stops reconnecting and waits for the loops to end.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_closing)
        {
            return;
        }

        // Set before the goodbye, so the receive loop does not take the closing handshake for a lost connection.
        _closing = true;
        var connection = _connection;
        if (connection is not null && IsConnected)
        {
            var disconnect = SocketIOPacketWriter.WriteDisconnect(_prefix);
            try
            {
                await connection.SendAsync(disconnect.Packet, WebSocketMessageKind.Text).ConfigureAwait(false);
                await connection.CloseAsync(WebSocketCloseCode.NormalClosure).ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is IOException or ObjectDisposedException or OperationCanceledException or InvalidOperationException)
            {
                // Already gone: nothing to say goodbye to.
            }
            finally
            {
                disconnect.Release();
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

        _disposed.Dispose();
    }

    /// <summary>Answers the server's ack <paramref name="ackId"/>; false when disconnected (the answer would reach nobody).</summary>
    internal bool SendAck<TState>(long ackId, TState state, WriteArguments<TState> write)
        where TState : allows ref struct
    {
        if (!IsConnected)
        {
            return false;
        }

        var packet = SocketIOPacketWriter.WriteAck(_prefix, ackId, state, write);

        // The handler must not wait on the socket to answer; a failed send means the connection is gone, which the
        // receive loop reports, so the fault is only observed here.
        _ = SendAsync(packet, CancellationToken.None).ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
        return true;
    }

    private async Task SendAsync(OutgoingPacket packet, CancellationToken cancellationToken)
    {
        try
        {
            await _connected.Task.WaitAsync(_options.ConnectTimeout, _options.TimeProvider, cancellationToken).ConfigureAwait(false);
            var connection = _connection ?? throw new InvalidOperationException("Not connected.");

            // One sender at a time, so a binary packet's attachments follow it with nothing in between.
            await _sendLock.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                await connection.SendAsync(packet.Text.Packet, WebSocketMessageKind.Text, cancellationToken).ConfigureAwait(false);
                if (packet.Attachments is not null)
                {
                    foreach (var attachment in packet.Attachments)
                    {
                        await connection.SendAsync(attachment.Packet, WebSocketMessageKind.Binary, cancellationToken).ConfigureAwait(false);
                    }
                }
            }
            finally
            {
                _sendLock.Release();
            }
        }
        finally
        {
            packet.Release();
        }
    }

    private async Task<EventArguments> WaitForAckAsync(long ackId, Task<EventArguments> answer, Task sent, CancellationToken cancellationToken)
    {
        try
        {
            await sent.ConfigureAwait(false);
            return await answer.WaitAsync(_options.AckTimeout, _options.TimeProvider, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _acks.Remove(ackId);
        }
    }

    private bool IsOurs(ReadOnlySpan<byte> packet, in SocketIOPacketHeader header)
    {
        var name = packet[header.Namespace];
        return name.IsEmpty ? _namespace == "/" : name.SequenceEqual(_namespaceBytes);
    }
}
