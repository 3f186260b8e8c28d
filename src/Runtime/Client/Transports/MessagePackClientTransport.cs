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

        var text = packet[1..];
        if (SocketIOPacketParser.TryParse(text.Span, int.MaxValue, out var header) != SocketIOParseError.None)
        {
            throw new InvalidOperationException("Not an encoded Socket.IO packet.");
        }

        if (header.Attachments == 0)
        {
            return _inner.SendBinaryAsync(Encode(text.Span, default), cancellationToken);
        }

        // The sender writes the attachments next (one sender at a time); the packet leaves with the last of them.
        _pendingText = text.ToArray();
        _expectedAttachments = header.Attachments;
        _pendingAttachments.Clear();
        return ValueTask.CompletedTask;
    }

    public override ValueTask SendBinaryAsync(ReadOnlyMemory<byte> attachment, CancellationToken cancellationToken)
    {
        if (_pendingText is null)
        {
            throw new InvalidOperationException("A binary attachment with no binary packet before it.");
        }

        _pendingAttachments.Add(attachment.ToArray());
        if (_pendingAttachments.Count < _expectedAttachments)
        {
            return ValueTask.CompletedTask;
        }

        var message = Encode(_pendingText, [.. _pendingAttachments]);
        _pendingText = null;
        _pendingAttachments.Clear();
        return _inner.SendBinaryAsync(message, cancellationToken);
    }

    public override ValueTask CloseAsync() => _inner.CloseAsync();

    public override void Abort() => _inner.Abort();

    public override ValueTask DisposeAsync() => _inner.DisposeAsync();

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
