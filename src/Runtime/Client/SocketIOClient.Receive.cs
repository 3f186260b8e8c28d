using TypedSockets.Client.Transports;
using TypedSockets.EngineIO;
using TypedSockets.SocketIO.Protocol;
using TypedSockets.WebSockets;

namespace TypedSockets.Client;

/// <summary>The transport loop of one connection: Engine.IO packets (heartbeat, close, messages) off the transport.</summary>
public sealed partial class SocketIOClient
{
    private static readonly ReadOnlyMemory<byte> Pong = new[] { (byte)EnginePacketType.Pong };

    // One connection's binary packet waiting for its attachments; only the receive loop touches it.
    private readonly BinaryPacketAssembler _binary = new();

    // Whether the packet in _binary is for this client's namespace: its attachments are taken off the wire either way.
    private bool _binaryIsOurs;

    /// <summary>Reads one connection until it ends; returns socket.io-client's disconnect reason.</summary>
    private async Task<string> ReceiveAsync(ClientTransport connection)
    {
        using var heartbeat = CancellationTokenSource.CreateLinkedTokenSource(_disposed.Token);
        try
        {
            while (true)
            {
                heartbeat.CancelAfter(_heartbeatTimeout);
                var message = await connection.ReceiveAsync(heartbeat.Token).ConfigureAwait(false);
                if (message.Kind == WebSocketMessageKind.Close)
                {
                    return ClientDisconnectReasons.TransportClose;
                }

                // A binary message is a Socket.IO attachment itself, with no Engine.IO type in front.
                var reason = message.Kind == WebSocketMessageKind.Binary
                    ? OnAttachment(message.Payload.Span)
                    : OnEnginePacket(message.Payload.Span);
                if (reason is not null)
                {
                    return reason;
                }
            }
        }
        catch (InvalidDataException exception)
        {
            // The msgpack parser's transport could not read what the server sent.
            return ProtocolError(exception.Message);
        }
        catch (OperationCanceledException) when (!_disposed.IsCancellationRequested)
        {
            return ClientDisconnectReasons.PingTimeout;
        }
        catch (OperationCanceledException)
        {
            return ClientDisconnectReasons.ClientDisconnect;
        }
        catch (Exception exception) when (exception is IOException or HttpRequestException or ObjectDisposedException or InvalidOperationException)
        {
            return ClientDisconnectReasons.TransportClose;
        }
        finally
        {
            _binary.Reset();
        }
    }

    /// <summary>One Engine.IO text packet; null to keep reading, else why the connection ends.</summary>
    private string? OnEnginePacket(ReadOnlySpan<byte> packet)
    {
        if (packet.IsEmpty)
        {
            return null;
        }

        switch ((EnginePacketType)packet[0])
        {
            case EnginePacketType.Ping:
                // In the send order, so it never lands between a binary packet and its attachments.
                _sender.Send(Pong);
                return null;
            case EnginePacketType.Close:
                return ClientDisconnectReasons.TransportClose;
            case EnginePacketType.Message:
                return OnPacket(packet[1..]);
            default:
                return null;
        }
    }

    private string ProtocolError(string error)
    {
        ClientLog.ProtocolError(_logger, error);
        return ClientDisconnectReasons.ParseError;
    }
}
