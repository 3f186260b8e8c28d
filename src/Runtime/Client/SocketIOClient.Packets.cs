using System.Text.Json;
using TypedSockets.SocketIO;
using TypedSockets.SocketIO.Protocol;

namespace TypedSockets.Client;

/// <summary>
/// The Socket.IO packets of one connection, decoded by the shared parser and reassembler: events go to the dispatch
/// loop, acknowledgements to the emits waiting for them, a DISCONNECT ends the connection.
/// </summary>
public sealed partial class SocketIOClient
{
    /// <summary>One Socket.IO packet (the text after Engine.IO's <c>4</c>); null to keep reading, else why the connection ends.</summary>
    private string? OnPacket(ReadOnlySpan<byte> text)
    {
        if (_binary.IsAssembling)
        {
            return ProtocolError("a text packet arrived while binary attachments were expected");
        }

        var error = SocketIOPacketParser.TryParse(text, OptionDefaults.MaxAttachments, out var header);
        if (error != SocketIOParseError.None)
        {
            return ProtocolError(error.ToString());
        }

        var isOurs = IsOurs(text, header);
        switch (header.Type)
        {
            case SocketIOPacketType.Disconnect:
                return isOurs ? ClientDisconnectReasons.ServerDisconnect : null;
            case SocketIOPacketType.Event or SocketIOPacketType.Ack when !isOurs:
                return null;
            case SocketIOPacketType.Ack:
                // The waiting emit reads its answer now, from pooled memory: only what its result keeps is copied.
                error = SocketIOPacketParser.TryReadPacket(text, header, out var ack);
                if (error != SocketIOParseError.None)
                {
                    return ProtocolError(error.ToString());
                }

                try
                {
                    _acks.Complete(ack.AckId, ack.Arguments);
                }
                finally
                {
                    ack.Dispose();
                }

                return null;
            case SocketIOPacketType.Event:
                // Handlers keep the arguments: decoded once, into memory of their own.
                error = SocketIOPacketParser.TryReadOwned(text, header, out var arguments, out var name);
                if (error != SocketIOParseError.None)
                {
                    return ProtocolError(error.ToString());
                }

                Deliver(name!, header.AckId, arguments);
                return null;
            case SocketIOPacketType.BinaryEvent or SocketIOPacketType.BinaryAck:
                error = SocketIOPacketParser.TryReadPacket(text, header, out var packet);
                if (error != SocketIOParseError.None)
                {
                    return ProtocolError(error.ToString());
                }

                _binary.Start(packet, header.Attachments);
                _binaryIsOurs = isOurs;
                return null;
            default:
                // CONNECT and CONNECT_ERROR matter only during the handshake.
                return null;
        }
    }

    /// <summary>One binary attachment; null to keep reading, else why the connection ends.</summary>
    private string? OnAttachment(ReadOnlySpan<byte> attachment)
    {
        if (!_binary.IsAssembling)
        {
            return ProtocolError("a binary message with no binary packet waiting for it");
        }

        if (_binary.TryAdd(attachment, out var packet))
        {
            if (_binaryIsOurs)
            {
                Deliver(packet);
            }
            else
            {
                packet.Dispose();
            }
        }

        return null;
    }

    /// <summary>Hands an event to the dispatch loop (in memory of its own), or an acknowledgement to its emit (which reads it now).</summary>
    private void Deliver(SocketIOPacket packet)
    {
        try
        {
            if (packet.IsEvent)
            {
                Deliver(packet.DecodeName(), packet.AckId, packet.Arguments.ToOwned());
            }
            else
            {
                _acks.Complete(packet.AckId, packet.Arguments);
            }
        }
        finally
        {
            packet.Dispose();
        }
    }

    /// <summary>An event to the dispatch loop, its arguments in memory of their own.</summary>
    private void Deliver(string eventName, long ackId, EventArguments ownedArguments)
    {
        if (_pid is not null && ackId < 0 && !TakeOffset(ref ownedArguments))
        {
            return;
        }

        _events.Writer.TryWrite(new SocketIOClientEvent(this, eventName, ownedArguments, ackId, _connectionEnded.Token));
    }

    /// <summary>
    /// With recovery on, a server appends the offset of every event it may replay (those without an ack) as a last
    /// string argument. socket.io-client keeps that string as the offset to send on reconnection and leaves it to
    /// listeners; this client keeps it the same way (same rule: the last argument of an event without ack id, when it
    /// is a string) and takes it off, so handlers see the arguments the server's code emitted. False when the string is
    /// not valid text (the event is dropped and logged).
    /// </summary>
    private bool TakeOffset(ref EventArguments arguments)
    {
        if (arguments.Count == 0)
        {
            return true;
        }

        var last = arguments[arguments.Count - 1].Span;
        if (last.IsEmpty || last[0] != (byte)'"')
        {
            return true;
        }

        try
        {
            var reader = new Utf8JsonReader(last);
            reader.Read();
            _lastOffset = reader.GetString();
        }
        catch (Exception exception) when (exception is JsonException or InvalidOperationException)
        {
            ClientLog.ProtocolError(_logger, "an event's recovery offset is not valid text");
            return false;
        }

        arguments = arguments.WithoutLast();
        return true;
    }

    /// <summary>Runs the handler for one event at a time, in the order they arrived; a failing handler's ack carries the error.</summary>
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
                incoming.Ack(exception.Message, static (writer, message) => ErrorAcknowledgement.Write(writer, message));
            }
        }
    }
}
