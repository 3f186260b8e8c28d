using System.Buffers;
using System.Text;
using TypedSockets.Buffers;
using TypedSockets.EngineIO;
using TypedSockets.SocketIO.Protocol;

namespace TypedSockets.SocketIO;

/// <summary>
/// The Socket.IO side of one Engine.IO session, as socket.io's <c>Client</c>: it decodes every packet the session
/// receives and routes it, a CONNECT to its <see cref="Namespace"/>, everything else to the socket the session opened
/// there. It also holds those sockets (one per namespace), the binary packet being reassembled, and the send lock
/// that keeps a binary packet's attachments right behind it.
/// </summary>
internal sealed class SocketIOConnection : IEngineSessionHandler
{
    private static readonly byte[] EmptyAuth = "{}"u8.ToArray();

    private readonly SocketIOServer _server;

    // The main namespace's socket has a field of its own; the dictionary, for the others, is created on first use
    // (most clients only ever connect to "/").
    private Socket? _main;
    private Dictionary<string, Socket>? _sockets;
    // Set from the open until the first namespace joined or the close: the connect timeout still applies.
    private ConnectDeadlines.Entry? _connectDeadline;
    private bool _closed;
    private int _refusalLogged;

    // Reassembles binary packets, created at the first one (most connections never send binary), and the socket the
    // packet waiting for its attachments goes to; only the session's message loop touches them.
    private BinaryPacketAssembler? _binary;
    private Socket? _binaryTarget;

    public SocketIOConnection(SocketIOServer server, IEngineSession session)
    {
        _server = server;
        Session = session;
    }

    public IEngineSession Session { get; }

    /// <summary>
    /// Held around every send so no packet lands between a binary packet and its attachments; also guards the
    /// sockets (one lock per connection is enough, and it is reentrant: a socket is added while it is held).
    /// </summary>
    /// <remarks>The connection itself (internal, so nobody else locks it): a lock object of its own would cost every idle connection one more object.</remarks>
    public object SendLock => this;

    public bool IsClosed => Volatile.Read(ref _closed);

    ValueTask IEngineSessionHandler.OnMessageAsync(ReadOnlyMemory<byte> payload, bool isBinary)
    {
        if (IsClosed)
        {
            return ValueTask.CompletedTask;
        }

        if (_server.UsesMessagePack)
        {
            return OnMessagePackAsync(payload.Span, isBinary);
        }

        return isBinary ? OnAttachmentAsync(payload.Span) : OnPacketAsync(payload.Span);
    }

    void IEngineSessionHandler.OnClose(EngineCloseReason reason) => Close(reason.ToReasonString());

    /// <summary>Starts the connect timeout (on the server's one timer for all of them).</summary>
    public void StartConnectTimeout()
    {
        // Published before it is queued, so however soon the deadline comes, the connection sees its timeout as pending.
        var deadline = new ConnectDeadlines.Entry(this);
        Volatile.Write(ref _connectDeadline, deadline);
        _server.ConnectDeadlines.Add(deadline);
    }

    // Decoding: every call into the packet parser and the binary reassembly is in this section; what is decoded
    // leaves it as a call on a namespace (CONNECT) or a socket (everything else).

    private ValueTask OnPacketAsync(ReadOnlySpan<byte> packet)
    {
        if (_binary is { IsAssembling: true })
        {
            return ProtocolError("a text packet arrived while binary attachments were expected");
        }

        var error = SocketIOPacketParser.TryParse(packet, _server.Options.MaxAttachments, out var header, _server.Options.MaxJsonDepth);
        if (error != SocketIOParseError.None)
        {
            return ProtocolError(error.ToString());
        }

        var namespaceName = packet[header.Namespace];
        var payload = packet[header.Payload];
        if (header.Type == SocketIOPacketType.Connect)
        {
            if (TryGetSocket(namespaceName, out _))
            {
                return ProtocolError("CONNECT for a namespace already connected");
            }

            var name = namespaceName.IsEmpty ? "/" : Encoding.UTF8.GetString(namespaceName);
            var auth = payload.IsEmpty ? EmptyAuth : payload.ToArray();
            return ConnectAsync(name, auth);
        }

        if (!TryGetSocket(namespaceName, out var socket) || socket is null)
        {
            return ProtocolError($"{header.Type} for a namespace not connected");
        }

        switch (header.Type)
        {
            case SocketIOPacketType.Disconnect:
                socket.Close(DisconnectReasons.ClientNamespaceDisconnect, notifyClient: false);
                return ValueTask.CompletedTask;
            case SocketIOPacketType.Event:
            case SocketIOPacketType.BinaryEvent:
            case SocketIOPacketType.Ack:
            case SocketIOPacketType.BinaryAck:
                return OnDataPacketAsync(socket, packet, header);
            default:
                return ProtocolError($"{header.Type} is not a packet a client sends");
        }
    }

    /// <summary>
    /// socket.io-msgpack-parser: one binary message is one whole packet. It is turned into the text packet and
    /// attachments the default parser would have sent, and goes the same way from there.
    /// </summary>
    private ValueTask OnMessagePackAsync(ReadOnlySpan<byte> message, bool isBinary)
    {
        if (!isBinary)
        {
            // Most likely a client with the default parser: socket.io-msgpack-parser never sends text.
            return ProtocolError("a text message on a server that speaks the msgpack parser");
        }

        var text = new ArrayBufferWriter<byte>(message.Length + 32);
        var attachments = new List<byte[]>();
        if (!MessagePackFraming.TryDecode(message, text, attachments, out var error))
        {
            return ProtocolError(error!);
        }

        var routed = OnPacketAsync(text.WrittenSpan);
        if (attachments.Count == 0)
        {
            return routed;
        }

        // A packet with attachments only starts reassembly (or fails), which completes at once; the last
        // attachment routes the packet, which may wait for the socket's queue.
        for (var i = 0; i < attachments.Count; i++)
        {
            if (IsClosed)
            {
                return ValueTask.CompletedTask;
            }

            routed = OnAttachmentAsync(attachments[i]);
        }

        return routed;
    }

    private ValueTask OnDataPacketAsync(Socket socket, ReadOnlySpan<byte> text, in SocketIOPacketHeader header)
    {
        if (header.Type == SocketIOPacketType.Ack)
        {
            // The waiting emit keeps the answer: decoded once, into memory of its own.
            var ackError = SocketIOPacketParser.TryReadOwned(text, header, out var answer, out _, _server.Options.MaxJsonDepth);
            if (ackError != SocketIOParseError.None)
            {
                return ProtocolError(ackError.ToString());
            }

            socket.ReceiveAck(header.AckId, answer);
            return ValueTask.CompletedTask;
        }

        var error = SocketIOPacketParser.TryReadPacket(text, header, out var packet, _server.Options.MaxJsonDepth);
        if (error != SocketIOParseError.None)
        {
            return ProtocolError(error.ToString());
        }

        if (packet.IsEvent && packet.Name.GetOffsetAndLength(packet.Buffer.Length).Length > _server.Options.MaxEventNameLength)
        {
            // Names are matched and logged; no contract has names this long, so this is not a client of ours.
            packet.Dispose();
            return ProtocolError("event name longer than MaxEventNameLength");
        }

        if (header.IsBinary)
        {
            (_binary ??= new BinaryPacketAssembler()).Start(packet, header.Attachments);
            _binaryTarget = socket;
            return ValueTask.CompletedTask;
        }

        return Route(socket, packet);
    }

    private ValueTask OnAttachmentAsync(ReadOnlySpan<byte> attachment)
    {
        var binary = _binary;
        if (binary is not { IsAssembling: true })
        {
            return ProtocolError("a binary attachment arrived with no binary packet waiting for it");
        }

        // One packet's attachments together, not only each on its own (maxPayload): ten attachments must not hold
        // ten times the limit. One packet is assembled at a time, so this is also the connection's bound.
        if (binary.HeldBytes + attachment.Length > _server.Options.MaxBinaryPacketBytes)
        {
            _server.Metrics.LimitClose(Diagnostics.TypedSocketsMetrics.Limits.MaxBinaryPacket);
            return ProtocolError("the attachments of one packet exceed MaxBinaryPacketBytes");
        }

        if (!binary.TryAdd(attachment, out var packet))
        {
            return ValueTask.CompletedTask;
        }

        var socket = _binaryTarget!;
        _binaryTarget = null;
        return Route(socket, packet);
    }

    /// <summary>Hands a complete event to its socket's queue (which then owns it) or an acknowledgement to the emit waiting for it.</summary>
    private static ValueTask Route(Socket socket, SocketIOPacket packet)
    {
        if (packet.IsEvent)
        {
            return socket.EnqueueAsync(new IncomingEvent(packet));
        }

        // A binary acknowledgement, complete: the waiting emit keeps the answer, so it gets memory of its own.
        try
        {
            socket.ReceiveAck(packet.AckId, packet.Arguments.ToOwned());
        }
        finally
        {
            packet.Dispose();
        }

        return ValueTask.CompletedTask;
    }

    private ValueTask ConnectAsync(string name, byte[] auth)
    {
        if (_server.TryGetNamespace(name, out var nsp) && nsp is not null)
        {
            return nsp.ConnectAsync(this, auth);
        }

        SocketIOLog.InvalidNamespace(_server.Logger, Session.Id, name);
        var prefix = Encoding.UTF8.GetBytes(name == "/" ? string.Empty : name + ",");
        var refusal = SocketIOPacketWriter.WriteConnectError(prefix, "Invalid namespace", default);
        try
        {
            Send(refusal);
        }
        finally
        {
            refusal.Release();
        }

        return ValueTask.CompletedTask;
    }

    private ValueTask ProtocolError(string error)
    {
        _server.Metrics.Error(Diagnostics.TypedSocketsMetrics.Errors.BadPacket, null);
        SocketIOLog.ProtocolError(_server.Logger, Session.Id, error);
        Close(DisconnectReasons.ParseError);
        Session.Close(DisconnectReasons.ParseError);
        return ValueTask.CompletedTask;
    }

    // The sockets of the session.

    public bool TryGetSocket(ReadOnlySpan<byte> namespaceName, out Socket? socket)
    {
        lock (SendLock)
        {
            if (namespaceName.IsEmpty || namespaceName.SequenceEqual("/"u8))
            {
                socket = _main;
                return socket is not null;
            }

            if (_sockets is null)
            {
                socket = null;
                return false;
            }

            Span<char> chars = stackalloc char[256];
            if (namespaceName.Length <= chars.Length && Encoding.UTF8.TryGetChars(namespaceName, chars, out var written))
            {
                return _sockets.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(chars[..written], out socket);
            }

            return _sockets.TryGetValue(Encoding.UTF8.GetString(namespaceName), out socket);
        }
    }

    /// <summary>Registers a socket that just connected; false when the session closed meanwhile.</summary>
    public bool Add(Socket socket)
    {
        lock (SendLock)
        {
            if (_closed)
            {
                return false;
            }

            if (socket.Namespace.Name == "/")
            {
                _main = socket;
            }
            else
            {
                (_sockets ??= new Dictionary<string, Socket>(StringComparer.Ordinal))[socket.Namespace.Name] = socket;
            }
        }

        Interlocked.Exchange(ref _connectDeadline, null)?.Clear();
        return true;
    }

    public void Remove(Socket socket)
    {
        lock (SendLock)
        {
            if (_main == socket)
            {
                _main = null;
            }
            else if (_sockets is not null && _sockets.TryGetValue(socket.Namespace.Name, out var current) && current == socket)
            {
                _sockets.Remove(socket.Namespace.Name);
            }
        }
    }

    /// <summary>Sends one message; false when the session refused it (closed, or closed for its outbound bound).</summary>
    public bool Send(EngineMessage message)
    {
        if (_server.UsesMessagePack && !message.IsBinary)
        {
            // One recipient: converting here is converting once.
            var binary = MessagePackFraming.ToBinary(message);
            try
            {
                return Send(binary);
            }
            finally
            {
                binary.Release();
            }
        }

        bool sent;
        lock (SendLock)
        {
            sent = Session.Send(message);
        }

        ReportRefusal(sent);
        return sent;
    }

    /// <summary>Sends a packet and its attachments back to back.</summary>
    public bool Send(in OutgoingPacket packet)
    {
        if (_server.UsesMessagePack && !packet.Text.IsBinary)
        {
            // One recipient (broadcasts convert before they reach here, see Namespace.Send).
            var binary = MessagePackFraming.ToBinary(packet);
            try
            {
                return Send(binary);
            }
            finally
            {
                binary.Release();
            }
        }

        bool sent;
        lock (SendLock)
        {
            sent = Session.Send(packet.Text);
            if (sent && packet.Attachments is not null)
            {
                foreach (var attachment in packet.Attachments)
                {
                    if (!Session.Send(attachment))
                    {
                        sent = false;
                        break;
                    }
                }
            }
        }

        ReportRefusal(sent);
        return sent;
    }

    /// <summary>Ends every socket of the session with <paramref name="reason"/>; called once the session ended.</summary>
    public void Close(string reason)
    {
        Socket[] sockets;
        lock (SendLock)
        {
            if (_closed)
            {
                return;
            }

            _closed = true;
            sockets = Snapshot();
            _sockets = null;
            _main = null;
        }

        Interlocked.Exchange(ref _connectDeadline, null)?.Clear();
        foreach (var socket in sockets)
        {
            socket.Close(reason, notifyClient: false);
        }

        _binary?.Reset();
        _binaryTarget = null;
    }

    /// <summary>Ends every socket with a DISCONNECT to the client, then the Engine.IO session.</summary>
    public void CloseFromServer()
    {
        Socket[] sockets;
        lock (SendLock)
        {
            sockets = Snapshot();
        }

        foreach (var socket in sockets)
        {
            socket.Close(DisconnectReasons.ServerNamespaceDisconnect, notifyClient: true);
        }

        Session.Close(DisconnectReasons.ForcedServerClose);
    }

    /// <summary>Every socket of the session; the caller holds <see cref="SendLock"/>.</summary>
    private Socket[] Snapshot()
    {
        var count = (_main is null ? 0 : 1) + (_sockets?.Count ?? 0);
        if (count == 0)
        {
            return [];
        }

        var sockets = new Socket[count];
        var i = 0;
        if (_main is not null)
        {
            sockets[i++] = _main;
        }

        if (_sockets is not null)
        {
            _sockets.Values.CopyTo(sockets, i);
        }

        return sockets;
    }

    private void ReportRefusal(bool sent)
    {
        // A refused send closed the session; the sockets end when Engine.IO reports the close. One line is enough.
        if (!sent && !IsClosed && Interlocked.Exchange(ref _refusalLogged, 1) == 0)
        {
            SocketIOLog.SendRefused(_server.Logger, Session.Id);
        }
    }

    /// <summary>The connect timeout passed: closes the session unless a namespace was joined (or it closed) in time.</summary>
    internal void OnConnectTimeout()
    {
        lock (SendLock)
        {
            if (_closed || _main is not null || _sockets is { Count: > 0 } || _connectDeadline is null)
            {
                return;
            }
        }

        SocketIOLog.ConnectTimeout(_server.Logger, Session.Id, _server.Options.ConnectTimeout);
        if (Session is EngineSession engine)
        {
            // Nothing of this session ever reached a namespace: end it now, rather than keep its sid (and a long
            // poll's share of memory) for a last poll for up to the ping timeout, as a deliberate close does.
            // A poll that is waiting still receives the close packet.
            engine.Terminate(EngineCloseReason.ForcedClose, EngineCloseMode.Discard, "connect timeout");
        }
        else
        {
            Session.Close("connect timeout");
        }
    }
}
