using System.Buffers;
using System.Net;
using System.Text.Json;
using TypedSockets.Client.Transports;
using TypedSockets.EngineIO;
using TypedSockets.SocketIO;
using TypedSockets.SocketIO.Protocol;
using TypedSockets.WebSockets;

namespace TypedSockets.Client;

/// <summary>
/// The handshake of one connection: the transport (polling, or a WebSocket), the Engine.IO open packet, then the
/// namespace's CONNECT (with the recovery data of the previous connection) and its answer.
/// </summary>
public sealed partial class SocketIOClient
{
    // Packets a server may send before its CONNECT answer (a recovering socket.io server's missed events) are kept up to this many.
    private const int MaxEarlyPackets = 10_000;

    private TimeSpan _heartbeatTimeout;

    // socket.io's connection state recovery: the session id the server gave (pid) and the offset of the last event
    // received, sent in the next CONNECT's auth exactly as socket.io-client 4.8 sends them.
    private string? _pid;
    private string? _lastOffset;

    private async Task ConnectOnceAsync(CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(_options.ConnectTimeout, _options.TimeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token, _disposed.Token);
        ClientTransport? transport = null;
        List<(byte[] Message, bool IsBinary)> early;
        try
        {
            EngineOpenPacket open;
            (transport, open) = await OpenTransportAsync(linked.Token).ConfigureAwait(false);
            if (_options.Parser == SocketIOParser.MessagePack)
            {
                transport = new MessagePackClientTransport(transport);
            }

            _heartbeatTimeout = open.HeartbeatTimeout;
            await SendConnectAsync(transport, linked.Token).ConfigureAwait(false);
            early = new List<(byte[] Message, bool IsBinary)>();
            var (sid, pid) = await ReceiveConnectAsync(transport, early, linked.Token).ConfigureAwait(false);

            // socket.io-client's rule: recovered when the server answered with the session id it was asked to restore.
            Recovered = pid is not null && pid == _pid;
            _pid = pid;
            Id = sid;
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested && !_disposed.IsCancellationRequested)
        {
            await DisposeQuietlyAsync(transport).ConfigureAwait(false);
            throw new SocketIOConnectException(_namespace, $"No connection to namespace '{_namespace}' at {_pollingEndpoint.GetLeftPart(UriPartial.Path)} within {_options.ConnectTimeout}.");
        }
        catch
        {
            await DisposeQuietlyAsync(transport).ConfigureAwait(false);
            throw;
        }

        var previous = _connection;
        _connection = transport;
        _sender.Attach(transport);
        _connectionEnded = new CancellationTokenSource();
        if (previous is not null)
        {
            await previous.DisposeAsync().ConfigureAwait(false);
        }

        // A recovering socket.io server sends the missed events before its CONNECT answer (socket.io-client keeps
        // them in its receive buffer until connected): they are handled now, in order, before anything read later.
        foreach (var (message, isBinary) in early)
        {
            if ((isBinary ? OnAttachment(message) : OnPacket(message)) is not null)
            {
                // Logged by the packet handling; the receive loop sees the transport end.
                transport.Abort();
                break;
            }
        }
    }

    /// <summary>
    /// After a connection is made: sends what was buffered, marks the client connected, raises <see cref="Connected"/>,
    /// and after a reconnection the server did not recover runs <see cref="SocketIOClientOptions.RestoreState"/>.
    /// </summary>
    private async Task OnConnectedAsync(bool isReconnect)
    {
        await FlushBufferAsync().ConfigureAwait(false);
        _connected.TrySetResult();
        ClientLog.Connected(_logger, _namespace, _pollingEndpoint, Id ?? string.Empty, _connection?.Name ?? string.Empty, Recovered);
        Connected?.Invoke();
        if (isReconnect && !Recovered && _options.RestoreState is { } restore)
        {
            // Not awaited here: the hook may wait for acknowledgements, which this receive loop must go on to read.
            _ = RestoreStateAsync(restore, _connectionEnded.Token);
        }
    }

    private async Task RestoreStateAsync(Func<SocketIOClient, CancellationToken, Task> restore, CancellationToken connectionEnded)
    {
        try
        {
            await Task.Yield();
            await restore(this, connectionEnded).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            ClientLog.RestoreStateFailed(_logger, _namespace, exception);
        }
    }

    /// <summary>Opens the first transport of <see cref="SocketIOClientOptions.Transports"/> and reads the Engine.IO open packet.</summary>
    private async Task<(ClientTransport Transport, EngineOpenPacket Open)> OpenTransportAsync(CancellationToken cancellationToken)
    {
        if ((_options.Transports & SocketIOTransports.Polling) != 0)
        {
            var (polling, open) = await PollingClientTransport.OpenAsync(Http, _pollingEndpoint, _namespace, _logger, cancellationToken).ConfigureAwait(false);
            if ((_options.Transports & SocketIOTransports.WebSocket) != 0 && open.CanUpgradeToWebSocket)
            {
                polling.StartUpgrade(_webSocketEndpoint, _options.WebSocket, _options.ConnectTimeout);
            }

            return (polling, open);
        }

        var connection = await WebSocketClient.ConnectAsync(_webSocketEndpoint, _options.WebSocket, cancellationToken).ConfigureAwait(false);
        var transport = new WebSocketClientTransport(connection);
        try
        {
            var first = await transport.ReceiveAsync(cancellationToken).ConfigureAwait(false);
            if (first.Kind != WebSocketMessageKind.Text)
            {
                throw new SocketIOConnectException(_namespace, $"Connecting to namespace '{_namespace}' failed: the server did not open an Engine.IO session.");
            }

            return (transport, EngineOpenPacket.Parse(first.Payload.Span, _namespace));
        }
        catch
        {
            await transport.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>One HTTP client for every polling request of this client's life (its connections are pooled).</summary>
    private HttpClient Http
    {
        get
        {
            if (_http is null)
            {
                var handler = new SocketsHttpHandler
                {
                    AutomaticDecompression = DecompressionMethods.None,
                    UseCookies = true,
                    ConnectTimeout = _options.ConnectTimeout,
                    SslOptions = { RemoteCertificateValidationCallback = _options.WebSocket.RemoteCertificateValidationCallback },
                };
                var http = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
                foreach (var (name, value) in _options.WebSocket.RequestHeaders)
                {
                    http.DefaultRequestHeaders.TryAddWithoutValidation(name, value);
                }

                _http = http;
            }

            return _http;
        }
    }

    private async Task SendConnectAsync(ClientTransport transport, CancellationToken cancellationToken)
    {
        var connect = SocketIOPacketWriter.WriteConnectRequest(_prefix, ConnectAuth());
        try
        {
            await transport.SendTextAsync(connect.Packet, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            connect.Release();
        }
    }

    /// <summary>
    /// The CONNECT's auth: the application's object, and once the server gave a session id, <c>pid</c> and
    /// <c>offset</c> in front of it (socket.io-client's <c>Object.assign({ pid, offset }, auth)</c>: the application's
    /// own properties of those names win; an offset never received is left out, as JSON leaves out <c>undefined</c>).
    /// </summary>
    private byte[] ConnectAuth()
    {
        if (_pid is null)
        {
            return _options.AuthJson is null ? [] : System.Text.Encoding.UTF8.GetBytes(_options.AuthJson);
        }

        using var auth = _options.AuthJson is null ? null : JsonDocument.Parse(_options.AuthJson);
        var buffer = new ArrayBufferWriter<byte>(128);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            if (auth is null || !auth.RootElement.TryGetProperty("pid"u8, out _))
            {
                writer.WriteString("pid"u8, _pid);
            }

            if (_lastOffset is not null && (auth is null || !auth.RootElement.TryGetProperty("offset"u8, out _)))
            {
                writer.WriteString("offset"u8, _lastOffset);
            }

            if (auth is not null)
            {
                foreach (var property in auth.RootElement.EnumerateObject())
                {
                    property.WriteTo(writer);
                }
            }

            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>
    /// Waits for the namespace's answer: the socket id and recovery session id of a CONNECT, or a CONNECT_ERROR thrown
    /// with its message and data. Anything malformed or a close ends the handshake with a message that says so.
    /// </summary>
    private async Task<(string Sid, string? Pid)> ReceiveConnectAsync(ClientTransport transport, List<(byte[] Message, bool IsBinary)> early, CancellationToken cancellationToken)
    {
        while (true)
        {
            var message = await transport.ReceiveAsync(cancellationToken).ConfigureAwait(false);
            if (message.Kind == WebSocketMessageKind.Close)
            {
                // A server whose parser differs from ours closes the connection on our CONNECT: say so, it is the likely cause.
                throw new SocketIOConnectException(_namespace, $"Connecting to namespace '{_namespace}' failed: the server closed the {transport.Name} transport before answering the CONNECT (a server using another parser than this client's {_options.Parser} closes it so).");
            }

            if (message.Kind == WebSocketMessageKind.Binary)
            {
                Keep(early, message.Payload.Span, isBinary: true);
                continue;
            }

            if (message.Kind != WebSocketMessageKind.Text || message.Payload.IsEmpty)
            {
                continue;
            }

            switch ((EnginePacketType)message.Payload.Span[0])
            {
                case EnginePacketType.Ping:
                    await transport.SendTextAsync(Pong, cancellationToken).ConfigureAwait(false);
                    continue;
                case EnginePacketType.Close:
                    throw new SocketIOConnectException(_namespace, $"Connecting to namespace '{_namespace}' failed: the server closed the Engine.IO session before answering the CONNECT.");
                case EnginePacketType.Message:
                    break;
                default:
                    continue;
            }

            var packet = message.Payload.Span[1..];
            var error = SocketIOPacketParser.TryParse(packet, OptionDefaults.MaxAttachments, out var header);
            if (error != SocketIOParseError.None)
            {
                throw new SocketIOConnectException(_namespace, $"Connecting to namespace '{_namespace}' failed: the server sent a malformed Socket.IO packet ({error}).");
            }

            if (!IsOurs(packet, header))
            {
                continue;
            }

            var payload = packet[header.Payload];
            switch (header.Type)
            {
                case SocketIOPacketType.ConnectError:
                    throw ReadConnectError(payload);
                case SocketIOPacketType.Connect:
                    return ReadConnectAnswer(payload);
                default:
                    Keep(early, packet, isBinary: false);
                    break;
            }
        }
    }

    /// <summary>Keeps a packet that came before the CONNECT answer, bounded so a hostile server cannot fill memory.</summary>
    private void Keep(List<(byte[] Message, bool IsBinary)> early, ReadOnlySpan<byte> message, bool isBinary)
    {
        if (early.Count >= MaxEarlyPackets)
        {
            throw new SocketIOConnectException(_namespace, $"Connecting to namespace '{_namespace}' failed: the server sent more than {MaxEarlyPackets} packets before answering the CONNECT.");
        }

        early.Add((message.ToArray(), isBinary));
    }

    /// <summary>The CONNECT answer <c>{"sid":"…","pid":"…"}</c> (pid only when the server recovers connections).</summary>
    private (string Sid, string? Pid) ReadConnectAnswer(ReadOnlySpan<byte> payload)
    {
        string? sid = null, pid = null;
        try
        {
            var reader = new Utf8JsonReader(payload);
            if (reader.Read() && reader.TokenType == JsonTokenType.StartObject)
            {
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    var name = ServerJson.PropertyName(ref reader);
                    reader.Read();
                    if (name == ServerJson.Property.Sid && reader.TokenType == JsonTokenType.String)
                    {
                        sid = reader.GetString();
                    }
                    else if (name == ServerJson.Property.Pid && reader.TokenType == JsonTokenType.String)
                    {
                        pid = reader.GetString();
                    }
                    else
                    {
                        reader.Skip();
                    }
                }
            }
        }
        catch (Exception exception) when (exception is JsonException or InvalidOperationException)
        {
            throw new SocketIOConnectException(_namespace, $"Connecting to namespace '{_namespace}' failed: the server's CONNECT answer is not valid JSON.", exception);
        }

        if (string.IsNullOrEmpty(sid))
        {
            // socket.io-client says the same: a CONNECT without sid comes from a Socket.IO v2 server.
            throw new SocketIOConnectException(_namespace, $"Connecting to namespace '{_namespace}' failed: the server's CONNECT answer has no sid (a Socket.IO v2 server?).");
        }

        return (sid, string.IsNullOrEmpty(pid) ? null : pid);
    }

    /// <summary>A CONNECT_ERROR <c>{"message":"…","data":…}</c> as the exception the connect throws.</summary>
    private SocketIOConnectException ReadConnectError(ReadOnlySpan<byte> payload)
    {
        string? serverMessage = null;
        JsonElement? data = null;
        try
        {
            var reader = new Utf8JsonReader(payload);
            if (reader.Read() && reader.TokenType == JsonTokenType.StartObject)
            {
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    var name = ServerJson.PropertyName(ref reader);
                    reader.Read();
                    if (name == ServerJson.Property.Message && reader.TokenType == JsonTokenType.String)
                    {
                        serverMessage = reader.GetString();
                    }
                    else if (name == ServerJson.Property.Data)
                    {
                        data = JsonElement.ParseValue(ref reader);
                    }
                    else
                    {
                        reader.Skip();
                    }
                }
            }
        }
        catch (Exception exception) when (exception is JsonException or InvalidOperationException)
        {
            return new SocketIOConnectException(_namespace, $"Namespace '{_namespace}' refused the connection with a malformed CONNECT_ERROR.", null, null);
        }

        return new SocketIOConnectException(_namespace, $"Namespace '{_namespace}' refused the connection: {serverMessage ?? "no reason given"}.", serverMessage, data);
    }

    private static async ValueTask DisposeQuietlyAsync(ClientTransport? transport)
    {
        if (transport is not null)
        {
            transport.Abort();
            await transport.DisposeAsync().ConfigureAwait(false);
        }
    }
}
