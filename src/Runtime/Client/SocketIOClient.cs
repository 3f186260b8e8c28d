using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using TypedSockets.SocketIO;
using TypedSockets.WebSockets;

namespace TypedSockets.Client;

/// <summary>
/// A Socket.IO v5 client of one namespace over the Engine.IO v4 WebSocket transport, on TypedSockets' own
/// WebSocket client: handshake, heartbeat, events and acknowledgements (binary too), and automatic reconnection
/// with randomized exponential backoff. Incoming events run one at a time, in order, on a loop of their own.
/// </summary>
public sealed class SocketIOClient : IAsyncDisposable
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
    private readonly Dictionary<long, TaskCompletionSource<EventArguments>> _acks = [];
    private readonly Channel<SocketIOClientEvent> _events = Channel.CreateUnbounded<SocketIOClientEvent>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
    private TaskCompletionSource _connected = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private WebSocketConnection? _connection;
    private CancellationTokenSource _connectionEnded = new();
    private TimeSpan _heartbeatTimeout;
    private long _nextAckId = -1;
    private Task? _receiveLoop;
    private volatile bool _closing;
    private Task? _dispatchLoop;

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

    public bool IsConnected => _connected.Task.IsCompletedSuccessfully;

    /// <summary>Raised after every successful (re)connection.</summary>
    public event Action? Connected;

    /// <summary>Raised when a connection ends, with socket.io's reason.</summary>
    public event Action<string>? Disconnected;

    /// <summary>Connects once (throws when that fails), then keeps the connection up until disposed.</summary>
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
        var packet = SocketIOPacketWriter.WriteEvent(_prefix, -1, eventName, state, write);
        return SendAsync(packet, cancellationToken);
    }

    /// <summary>Emits an event and waits for the server's acknowledgement; <see cref="TimeoutException"/> after <see cref="SocketIOClientOptions.AckTimeout"/>.</summary>
    public Task<EventArguments> EmitWithAckAsync<TState>(string eventName, TState state, WriteArguments<TState> write, CancellationToken cancellationToken = default)
        where TState : allows ref struct
    {
        var ackId = Interlocked.Increment(ref _nextAckId);
        var answer = new TaskCompletionSource<EventArguments>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_acks)
        {
            _acks[ackId] = answer;
        }

        var packet = SocketIOPacketWriter.WriteEvent(_prefix, ackId, eventName, state, write);
        return WaitForAckAsync(ackId, answer, SendAsync(packet, cancellationToken), cancellationToken);
    }

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
            try
            {
                var disconnect = Encoding.UTF8.GetBytes(_namespace == "/" ? "41" : "41" + _namespace + ",");
                await connection.SendAsync(disconnect, WebSocketMessageKind.Text).ConfigureAwait(false);
                await connection.CloseAsync(WebSocketCloseCode.NormalClosure).ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is IOException or ObjectDisposedException or OperationCanceledException or InvalidOperationException)
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

        _disposed.Dispose();
    }

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

    private async Task<EventArguments> WaitForAckAsync(long ackId, TaskCompletionSource<EventArguments> answer, Task sent, CancellationToken cancellationToken)
    {
        try
        {
            await sent.ConfigureAwait(false);
            return await answer.Task.WaitAsync(_options.AckTimeout, _options.TimeProvider, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            lock (_acks)
            {
                _acks.Remove(ackId);
            }
        }
    }

    private async Task ConnectOnceAsync(CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(_options.ConnectTimeout, _options.TimeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token, _disposed.Token);
        var connection = await WebSocketClient.ConnectAsync(_endpoint, _options.WebSocket, linked.Token).ConfigureAwait(false);
        try
        {
            var open = await connection.ReceiveAsync(linked.Token).ConfigureAwait(false);
            if (open.Kind != WebSocketMessageKind.Text || open.Payload.Length < 2 || open.Payload.Span[0] != (byte)'0')
            {
                throw new SocketIOConnectException("The server did not open an Engine.IO session.");
            }

            _heartbeatTimeout = ReadHeartbeatTimeout(open.Payload.Span[1..]);
            var connect = new ArrayBufferWriter<byte>();
            connect.Write("40"u8);
            if (_namespace != "/")
            {
                connect.Write(_prefix);
            }

            if (_options.AuthJson is not null)
            {
                connect.Write(Encoding.UTF8.GetBytes(_options.AuthJson));
            }

            await connection.SendAsync(connect.WrittenMemory, WebSocketMessageKind.Text, linked.Token).ConfigureAwait(false);
            while (true)
            {
                var message = await connection.ReceiveAsync(linked.Token).ConfigureAwait(false);
                if (message.Kind == WebSocketMessageKind.Close)
                {
                    throw new SocketIOConnectException("The server closed the connection during the handshake.");
                }

                var span = message.Payload.Span;
                if (message.Kind != WebSocketMessageKind.Text || span.IsEmpty)
                {
                    continue;
                }

                if (span[0] == (byte)'2')
                {
                    await connection.SendAsync("3"u8.ToArray(), WebSocketMessageKind.Text, linked.Token).ConfigureAwait(false);
                    continue;
                }

                if (span[0] != (byte)'4' || SocketIOPacketParser.TryParse(span[1..], SocketIOPacketParser.DefaultMaxAttachments, out var header) != SocketIOParseError.None || !IsOurs(span[1..], header))
                {
                    continue;
                }

                var payload = span[1..][header.Payload];
                if (header.Type == SocketIOPacketType.ConnectError)
                {
                    throw new SocketIOConnectException(ReadStringProperty(payload, "message"u8) ?? "Connection refused.");
                }

                if (header.Type == SocketIOPacketType.Connect)
                {
                    Id = ReadStringProperty(payload, "sid"u8);
                    break;
                }
            }
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw new SocketIOConnectException($"No Socket.IO connection to {_endpoint} within {_options.ConnectTimeout}.");
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        var previous = _connection;
        _connection = connection;
        _connectionEnded = new CancellationTokenSource();
        _connected.TrySetResult();
        if (previous is not null)
        {
            await previous.DisposeAsync().ConfigureAwait(false);
        }

        ClientLog.Connected(_logger, _namespace, _endpoint, Id ?? string.Empty);
        Connected?.Invoke();
    }

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
            if (_closing || reason == DisconnectReasons.ServerNamespaceDisconnect || !_options.Reconnection)
            {
                return;
            }

            var reconnected = false;
            while (!_closing && !reconnected)
            {
                var delay = BackoffDelay(attempt++);
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
                    ClientLog.ReconnectFailed(_logger, attempt, _endpoint, BackoffDelay(attempt), exception);
                }
            }

            if (!reconnected)
            {
                return;
            }
        }
    }

    /// <summary>Reads one connection until it ends; returns socket.io's disconnect reason.</summary>
    private async Task<string> ReceiveAsync(WebSocketConnection connection)
    {
        using var heartbeat = CancellationTokenSource.CreateLinkedTokenSource(_disposed.Token);
        PartialPacket? partial = null;
        try
        {
            while (true)
            {
                heartbeat.CancelAfter(_heartbeatTimeout);
                var message = await connection.ReceiveAsync(heartbeat.Token).ConfigureAwait(false);
                if (message.Kind == WebSocketMessageKind.Close)
                {
                    return DisconnectReasons.TransportClose;
                }

                if (message.Kind == WebSocketMessageKind.Binary)
                {
                    if (partial is null)
                    {
                        return ProtocolError("a binary message with no binary packet waiting for it");
                    }

                    if (partial.Add(message.Payload.ToArray()))
                    {
                        Deliver(partial.Type, partial.AckId, partial.Name, partial.Arguments());
                        partial = null;
                    }

                    continue;
                }

                var span = message.Payload.Span;
                if (span.IsEmpty)
                {
                    continue;
                }

                switch (span[0])
                {
                    case (byte)'2':
                        await connection.SendAsync("3"u8.ToArray(), WebSocketMessageKind.Text).ConfigureAwait(false);
                        continue;
                    case (byte)'1':
                        return DisconnectReasons.TransportClose;
                    case (byte)'4':
                        break;
                    default:
                        continue;
                }

                var packet = span[1..];
                if (SocketIOPacketParser.TryParse(packet, SocketIOPacketParser.DefaultMaxAttachments, out var header) is var error && error != SocketIOParseError.None)
                {
                    return ProtocolError(error.ToString());
                }

                if (!IsOurs(packet, header))
                {
                    continue;
                }

                var payload = packet[header.Payload];
                switch (header.Type)
                {
                    case SocketIOPacketType.Disconnect:
                        return DisconnectReasons.ServerNamespaceDisconnect;
                    case SocketIOPacketType.Event or SocketIOPacketType.BinaryEvent:
                        if (SocketIOPacketParser.TryReadEvent(payload, out var nameRange, out var escaped, out var bounds, out var count) != SocketIOParseError.None)
                        {
                            return ProtocolError("bad EVENT payload");
                        }

                        var name = ReadName(payload[nameRange], escaped);
                        var json = payload.ToArray();
                        var ownedBounds = bounds is null ? null : bounds.AsSpan(0, count * 2).ToArray();
                        if (bounds is not null)
                        {
                            ArrayPool<int>.Shared.Return(bounds);
                        }

                        if (header.IsBinary)
                        {
                            partial = new PartialPacket(header.Type, header.AckId, name, json, ownedBounds, count, header.Attachments);
                        }
                        else
                        {
                            Deliver(header.Type, header.AckId, name, new EventArguments(json, ownedBounds, count, null));
                        }

                        break;
                    case SocketIOPacketType.Ack or SocketIOPacketType.BinaryAck:
                        if (SocketIOPacketParser.TryReadAck(payload, out var ackBounds, out var ackCount) != SocketIOParseError.None)
                        {
                            return ProtocolError("bad ACK payload");
                        }

                        var ackJson = payload.ToArray();
                        var ownedAckBounds = ackBounds is null ? null : ackBounds.AsSpan(0, ackCount * 2).ToArray();
                        if (ackBounds is not null)
                        {
                            ArrayPool<int>.Shared.Return(ackBounds);
                        }

                        if (header.IsBinary)
                        {
                            partial = new PartialPacket(header.Type, header.AckId, string.Empty, ackJson, ownedAckBounds, ackCount, header.Attachments);
                        }
                        else
                        {
                            Deliver(header.Type, header.AckId, string.Empty, new EventArguments(ackJson, ownedAckBounds, ackCount, null));
                        }

                        break;
                }
            }
        }
        catch (OperationCanceledException) when (!_disposed.IsCancellationRequested)
        {
            return DisconnectReasons.PingTimeout;
        }
        catch (OperationCanceledException)
        {
            return "io client disconnect";
        }
        catch (Exception exception) when (exception is IOException or ObjectDisposedException or InvalidOperationException)
        {
            return DisconnectReasons.TransportClose;
        }
    }

    private void Deliver(SocketIOPacketType type, long ackId, string name, EventArguments arguments)
    {
        if (type is SocketIOPacketType.Event or SocketIOPacketType.BinaryEvent)
        {
            _events.Writer.TryWrite(new SocketIOClientEvent(this, name, arguments, ackId, _connectionEnded.Token));
            return;
        }

        TaskCompletionSource<EventArguments>? answer;
        lock (_acks)
        {
            _acks.Remove(ackId, out answer);
        }

        answer?.TrySetResult(arguments);
    }

    private async Task DispatchLoopAsync()
    {
        await foreach (var incoming in _events.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            try
            {
                await _onEvent(incoming).ConfigureAwait(false);
            }
            catch (Exception exception)
            {
                ClientLog.HandlerFailed(_logger, incoming.Name, exception);
                incoming.Ack(exception.Message, static (writer, message) => Hubs.Infrastructure.HubArguments.WriteError(writer, message));
            }
        }
    }

    private void OnConnectionEnded(string reason)
    {
        Id = null;
        _connected = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _connectionEnded.Cancel();
        TaskCompletionSource<EventArguments>[] pending;
        lock (_acks)
        {
            pending = [.. _acks.Values];
            _acks.Clear();
        }

        foreach (var answer in pending)
        {
            answer.TrySetException(new SocketIOConnectException($"The connection ended ({reason}) before the server acknowledged."));
        }

        ClientLog.Disconnected(_logger, _namespace, reason);
        Disconnected?.Invoke(reason);
    }

    private string ProtocolError(string error)
    {
        ClientLog.ProtocolError(_logger, error);
        return DisconnectReasons.ParseError;
    }

    private TimeSpan BackoffDelay(int attempt)
    {
        var delay = _options.ReconnectionDelay.TotalMilliseconds * Math.Pow(2, Math.Min(attempt, 16));
        var spread = delay * _options.RandomizationFactor;
        delay += (Random.Shared.NextDouble() * 2 - 1) * spread;
        return TimeSpan.FromMilliseconds(Math.Clamp(delay, 0, _options.ReconnectionDelayMax.TotalMilliseconds));
    }

    private bool IsOurs(ReadOnlySpan<byte> packet, in SocketIOPacketHeader header)
    {
        var name = packet[header.Namespace];
        return name.IsEmpty ? _namespace == "/" : name.SequenceEqual(_namespaceBytes);
    }

    private static TimeSpan ReadHeartbeatTimeout(ReadOnlySpan<byte> openJson)
    {
        var reader = new Utf8JsonReader(openJson);
        long interval = 25_000, timeout = 20_000;
        while (reader.Read())
        {
            if (reader.TokenType == JsonTokenType.PropertyName && reader.CurrentDepth == 1)
            {
                var isInterval = reader.ValueTextEquals("pingInterval"u8);
                var isTimeout = reader.ValueTextEquals("pingTimeout"u8);
                reader.Read();
                if (reader.TokenType == JsonTokenType.Number && (isInterval || isTimeout))
                {
                    if (isInterval)
                    {
                        interval = reader.GetInt64();
                    }
                    else
                    {
                        timeout = reader.GetInt64();
                    }
                }
            }
        }

        // socket.io-client's rule: a server silent for one ping interval plus the ping timeout is gone.
        return TimeSpan.FromMilliseconds(interval + timeout);
    }

    private static string? ReadStringProperty(ReadOnlySpan<byte> json, ReadOnlySpan<byte> property)
    {
        var reader = new Utf8JsonReader(json);
        try
        {
            while (reader.Read())
            {
                if (reader.TokenType == JsonTokenType.PropertyName && reader.CurrentDepth == 1 && reader.ValueTextEquals(property))
                {
                    reader.Read();
                    return reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
                }
            }
        }
        catch (JsonException)
        {
            return null;
        }

        return null;
    }

    private static string ReadName(ReadOnlySpan<byte> rawToken, bool escaped)
    {
        if (!escaped)
        {
            return Encoding.UTF8.GetString(rawToken);
        }

        var json = new byte[rawToken.Length + 2];
        json[0] = (byte)'"';
        rawToken.CopyTo(json.AsSpan(1));
        json[^1] = (byte)'"';
        var reader = new Utf8JsonReader(json);
        reader.Read();
        return reader.GetString() ?? string.Empty;
    }

    /// <summary>A binary event or ack waiting for its attachments.</summary>
    private sealed class PartialPacket(SocketIOPacketType type, long ackId, string name, byte[] json, int[]? bounds, int count, int expected)
    {
        private readonly List<ReadOnlyMemory<byte>> _attachments = [];

        public SocketIOPacketType Type => type;

        public long AckId => ackId;

        public string Name => name;

        /// <summary>True once every announced attachment arrived.</summary>
        public bool Add(byte[] attachment)
        {
            _attachments.Add(attachment);
            return _attachments.Count == expected;
        }

        public EventArguments Arguments() => new(json, bounds, count, [.. _attachments]);
    }
}
