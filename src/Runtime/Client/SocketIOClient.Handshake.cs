using System.Text;
using System.Text.Json;
using TypedSockets.EngineIO;
using TypedSockets.SocketIO.Protocol;
using TypedSockets.WebSockets;

namespace TypedSockets.Client;

/// <summary>The handshake of one connection: the WebSocket, the Engine.IO open packet, then the namespace's CONNECT.</summary>
public sealed partial class SocketIOClient
{
    private TimeSpan _heartbeatTimeout;

    private async Task ConnectOnceAsync(CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(_options.ConnectTimeout, _options.TimeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token, _disposed.Token);
        var connection = await WebSocketClient.ConnectAsync(_endpoint, _options.WebSocket, linked.Token).ConfigureAwait(false);
        try
        {
            var open = await connection.ReceiveAsync(linked.Token).ConfigureAwait(false);
            if (open.Kind != WebSocketMessageKind.Text || open.Payload.Length < 2 || open.Payload.Span[0] != (byte)EnginePacketType.Open)
            {
                throw new SocketIOConnectException("The server did not open an Engine.IO session.");
            }

            _heartbeatTimeout = ReadHeartbeatTimeout(open.Payload.Span[1..]);
            await SendConnectAsync(connection, linked.Token).ConfigureAwait(false);
            Id = await ReceiveConnectAsync(connection, linked.Token).ConfigureAwait(false);
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

    private async Task SendConnectAsync(WebSocketConnection connection, CancellationToken cancellationToken)
    {
        var auth = _options.AuthJson is null ? [] : Encoding.UTF8.GetBytes(_options.AuthJson);
        var connect = SocketIOPacketWriter.WriteConnectRequest(_prefix, auth);
        try
        {
            await connection.SendAsync(connect.Packet, WebSocketMessageKind.Text, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            connect.Release();
        }
    }

    /// <summary>Waits for the namespace's answer: the socket id of a CONNECT, or the message of a CONNECT_ERROR thrown.</summary>
    private async Task<string?> ReceiveConnectAsync(WebSocketConnection connection, CancellationToken cancellationToken)
    {
        while (true)
        {
            var message = await connection.ReceiveAsync(cancellationToken).ConfigureAwait(false);
            if (message.Kind == WebSocketMessageKind.Close)
            {
                throw new SocketIOConnectException("The server closed the connection during the handshake.");
            }

            if (message.Kind != WebSocketMessageKind.Text || message.Payload.IsEmpty)
            {
                continue;
            }

            switch ((EnginePacketType)message.Payload.Span[0])
            {
                case EnginePacketType.Ping:
                    await connection.SendAsync(Pong, WebSocketMessageKind.Text, cancellationToken).ConfigureAwait(false);
                    continue;
                case EnginePacketType.Message:
                    break;
                default:
                    continue;
            }

            var packet = message.Payload.Span[1..];
            if (SocketIOPacketParser.TryParse(packet, OptionDefaults.MaxAttachments, out var header) != SocketIOParseError.None || !IsOurs(packet, header))
            {
                continue;
            }

            var payload = packet[header.Payload];
            switch (header.Type)
            {
                case SocketIOPacketType.ConnectError:
                    throw new SocketIOConnectException(SocketIOPacketParser.ReadConnectErrorMessage(payload) ?? "Connection refused.");
                case SocketIOPacketType.Connect:
                    return SocketIOPacketParser.ReadConnectSid(payload);
            }
        }
    }

    /// <summary>How long the server may stay silent, from the Engine.IO open packet's <c>pingInterval</c> and <c>pingTimeout</c>.</summary>
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
}
