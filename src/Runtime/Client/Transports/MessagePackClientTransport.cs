using System.Buffers;
using TypedSockets.EngineIO;
using TypedSockets.SocketIO.Protocol;
using TypedSockets.WebSockets;

namespace TypedSockets.Client.Transports;

/// <summary>
/// The msgpack parser (socket.io-msgpack-parser 3.x) at the client's transport seam, as the server has it at its
/// connection boundary: a Socket.IO packet the client writes (text plus attachments) leaves as one binary message
/// holding the MessagePack map, and each binary message from the server comes back as the text packet and attachments
/// the client's one Socket.IO decoder reads. Engine.IO's own packets (ping, pong, close, upgrade) stay text.
/// </summary>
internal sealed class MessagePackClientTransport : ClientTransport
{
    private static readonly byte[] MessagePrefix = [(byte)EnginePacketType.Message];

    private readonly ClientTransport _inner;

    // What one server message decoded to, handed out one call at a time: the text packet first, then its attachments.
    private readonly Queue<WebSocketMessage> _decoded = new();
    private readonly ArrayBufferWriter<byte> _text = new(256);
    private readonly List<byte[]> _attachments = [];

    // A binary packet the client is writing: its text (without the Engine.IO type) until its attachments arrived.
    private byte[]? _pendingText;
    private readonly List<ReadOnlyMemory<byte>> _pendingAttachments = [];
    private int _expectedAttachments;

    // A batch's messages as they leave: reused, as batches go out one at a time.
    private readonly List<WebSocketMessage> _encoded = [];

    public MessagePackClientTransport(ClientTransport inner)
    {
        _inner = inner;
    }

    public override string Name => _inner.Name;

    /// <exception cref="InvalidDataException">
    /// The server sent a Socket.IO packet as text (it uses the default parser) or a binary message that is not a msgpack packet.
    /// </exception>
    public override async ValueTask<WebSocketMessage> ReceiveAsync(CancellationToken cancellationToken)
    {
        if (_decoded.TryDequeue(out var next))
        {
            return next;
        }

        var message = await _inner.ReceiveAsync(cancellationToken).ConfigureAwait(false);
        switch (message.Kind)
        {
            case WebSocketMessageKind.Text when !message.Payload.IsEmpty && message.Payload.Span[0] == (byte)EnginePacketType.Message:
                throw new InvalidDataException("the server sent a Socket.IO packet as text: it uses socket.io's default parser, and this client's Parser is MessagePack");
            case WebSocketMessageKind.Binary:
                return Decode(message.Payload.Span);
            default:
                return message;
        }
    }

    public override ValueTask SendTextAsync(ReadOnlyMemory<byte> packet, CancellationToken cancellationToken)
    {
        if (packet.IsEmpty || packet.Span[0] != (byte)EnginePacketType.Message)
        {
            return _inner.SendTextAsync(packet, cancellationToken);
        }

        return StartPacket(packet[1..], out var encoded) ? ValueTask.CompletedTask : _inner.SendBinaryAsync(encoded, cancellationToken);
    }

    public override ValueTask SendBinaryAsync(ReadOnlyMemory<byte> attachment, CancellationToken cancellationToken) =>
        AddAttachment(attachment, out var encoded) ? _inner.SendBinaryAsync(encoded, cancellationToken) : ValueTask.CompletedTask;

    /// <summary>The batch with each Socket.IO packet (and its attachments) encoded as its one binary message, in one send of the inner transport.</summary>
    public override ValueTask SendAsync(IReadOnlyList<WebSocketMessage> messages, CancellationToken cancellationToken)
    {
        _encoded.Clear();
        for (var i = 0; i < messages.Count; i++)
        {
            var message = messages[i];
            var packet = message.Payload;
            if (message.Kind == WebSocketMessageKind.Binary)
            {
                if (AddAttachment(packet, out var completed))
                {
                    _encoded.Add(new WebSocketMessage(WebSocketMessageKind.Binary, completed));
                }
            }
            else if (packet.IsEmpty || packet.Span[0] != (byte)EnginePacketType.Message)
            {
                _encoded.Add(message);
            }
            else if (!StartPacket(packet[1..], out var encoded))
            {
                _encoded.Add(new WebSocketMessage(WebSocketMessageKind.Binary, encoded));
            }
        }

        return _inner.SendAsync(_encoded, cancellationToken);
    }

    public override ValueTask CloseAsync() => _inner.CloseAsync();

    public override void Abort() => _inner.Abort();

    public override ValueTask DisposeAsync() => _inner.DisposeAsync();

    /// <summary>
    /// A Socket.IO packet's text (without the Engine.IO type): false with its message when it has no attachments; true
    /// when it waits for its attachments, which the sender writes next (one sender at a time).
    /// </summary>
    private bool StartPacket(ReadOnlyMemory<byte> text, out byte[] encoded)
    {
        if (SocketIOPacketParser.TryParse(text.Span, int.MaxValue, out var header) != SocketIOParseError.None)
        {
            throw new InvalidOperationException("Not an encoded Socket.IO packet.");
        }

        if (header.Attachments == 0)
        {
            encoded = Encode(text.Span, default);
            return false;
        }

        _pendingText = text.ToArray();
        _expectedAttachments = header.Attachments;
        _pendingAttachments.Clear();
        encoded = [];
        return true;
    }

    /// <summary>One attachment of the packet waiting for them: true with the packet's message once it was the last.</summary>
    private bool AddAttachment(ReadOnlyMemory<byte> attachment, out byte[] encoded)
    {
        if (_pendingText is null)
        {
            throw new InvalidOperationException("A binary attachment with no binary packet before it.");
        }

        _pendingAttachments.Add(attachment.ToArray());
        if (_pendingAttachments.Count < _expectedAttachments)
        {
            encoded = [];
            return false;
        }

        encoded = Encode(_pendingText, [.. _pendingAttachments]);
        _pendingText = null;
        _pendingAttachments.Clear();
        return true;
    }

    private static byte[] Encode(ReadOnlySpan<byte> text, ReadOnlySpan<ReadOnlyMemory<byte>> attachments)
    {
        var output = new ArrayBufferWriter<byte>(text.Length + 16);
        MessagePackPacket.Write(new MessagePackWriter(output), text, attachments);
        return output.WrittenSpan.ToArray();
    }

    private WebSocketMessage Decode(ReadOnlySpan<byte> message)
    {
        _text.ResetWrittenCount();
        _text.Write(MessagePrefix);
        _attachments.Clear();
        if (!MessagePackFraming.TryDecode(message, _text, _attachments, out var error))
        {
            throw new InvalidDataException($"the server sent a binary message that is not a msgpack packet ({error})");
        }

        foreach (var attachment in _attachments)
        {
            _decoded.Enqueue(new WebSocketMessage(WebSocketMessageKind.Binary, attachment));
        }

        return new WebSocketMessage(WebSocketMessageKind.Text, _text.WrittenMemory);
    }
}
