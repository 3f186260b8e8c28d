using System.Collections.Concurrent;
using System.Text;
using Microsoft.Extensions.Logging;
using TypedSockets.EngineIO;
using TypedSockets.SocketIO.Protocol;

namespace TypedSockets.SocketIO;

/// <summary>
/// The Socket.IO v5 server: sits on Engine.IO as its <see cref="IEngineSessionAcceptor"/>, parses packets,
/// connects sockets to namespaces and routes events, acks and disconnects. Namespaces are declared with
/// <see cref="Of"/>; a CONNECT to any other gets CONNECT_ERROR "Invalid namespace".
/// </summary>
public sealed class SocketIOServer : IEngineSessionAcceptor
{
    private static readonly byte[] EmptyAuth = "{}"u8.ToArray();

    private readonly ConcurrentDictionary<string, Namespace> _namespaces = new(StringComparer.Ordinal);

    public SocketIOServer(SocketIOOptions options, ILoggerFactory loggerFactory, TimeProvider timeProvider)
        : this(options, loggerFactory, timeProvider, null)
    {
    }

    /// <summary>A server that is one node of a cluster joined by <paramref name="backplane"/> (null: a single node).</summary>
    public SocketIOServer(SocketIOOptions options, ILoggerFactory loggerFactory, TimeProvider timeProvider, ISocketIOBackplane? backplane)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        ArgumentNullException.ThrowIfNull(timeProvider);
        Options = options;
        Logger = loggerFactory.CreateLogger<SocketIOServer>();
        TimeProvider = timeProvider;
        Backplane = backplane;
        backplane?.Attach(this);
    }

    public SocketIOOptions Options { get; }

    /// <summary>The main namespace <c>/</c>.</summary>
    public Namespace Sockets => Of("/");

    /// <summary>The backplane joining this node to the others; null for a single node.</summary>
    public ISocketIOBackplane? Backplane { get; }

    /// <summary>The namespaces declared so far.</summary>
    public ICollection<Namespace> Namespaces => _namespaces.Values;

    internal ILogger Logger { get; }

    internal TimeProvider TimeProvider { get; }

    /// <summary>The namespace <paramref name="name"/>, declared on first use (<c>/</c> is added if missing).</summary>
    public Namespace Of(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (name[0] != '/')
        {
            name = "/" + name;
        }

        if (name.Contains(','))
        {
            throw new ArgumentException("A namespace name cannot contain a comma (the packet encoding has no escape for it).", nameof(name));
        }

        if (_namespaces.TryGetValue(name, out var existing))
        {
            return existing;
        }

        var created = new Namespace(this, name);
        if (!_namespaces.TryAdd(name, created))
        {
            return _namespaces[name];
        }

        Backplane?.OnNamespaceAdded(created);
        return created;
    }

    IEngineSessionHandler IEngineSessionAcceptor.OnOpen(IEngineSession session)
    {
        var connection = new SocketIOConnection(this, session);
        connection.StartConnectTimer(TimeProvider, Options.ConnectTimeout);
        return connection;
    }

    internal ValueTask OnMessageAsync(SocketIOConnection connection, ReadOnlyMemory<byte> payload, bool isBinary)
    {
        if (connection.IsClosed)
        {
            return ValueTask.CompletedTask;
        }

        return isBinary ? OnAttachmentAsync(connection, payload.Span) : OnPacketAsync(connection, payload.Span);
    }

    private ValueTask OnPacketAsync(SocketIOConnection connection, ReadOnlySpan<byte> packet)
    {
        if (connection.Binary is { IsAssembling: true })
        {
            return ProtocolError(connection, "a text packet arrived while binary attachments were expected");
        }

        var error = SocketIOPacketParser.TryParse(packet, Options.MaxAttachments, out var header);
        if (error != SocketIOParseError.None)
        {
            return ProtocolError(connection, error.ToString());
        }

        var namespaceName = packet[header.Namespace];
        var payload = packet[header.Payload];
        if (header.Type == SocketIOPacketType.Connect)
        {
            if (connection.TryGetSocket(namespaceName, out _))
            {
                return ProtocolError(connection, "CONNECT for a namespace already connected");
            }

            var name = namespaceName.IsEmpty ? "/" : Encoding.UTF8.GetString(namespaceName);
            var auth = payload.IsEmpty ? EmptyAuth : payload.ToArray();
            return ConnectAsync(connection, name, auth);
        }

        if (!connection.TryGetSocket(namespaceName, out var socket) || socket is null)
        {
            return ProtocolError(connection, $"{header.Type} for a namespace not connected");
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
                return OnDataPacketAsync(connection, socket, packet, header);
            default:
                return ProtocolError(connection, $"{header.Type} is not a packet a client sends");
        }
    }

    private ValueTask OnDataPacketAsync(SocketIOConnection connection, Socket socket, ReadOnlySpan<byte> text, in SocketIOPacketHeader header)
    {
        var error = SocketIOPacketParser.TryReadPacket(text, header, out var packet);
        if (error != SocketIOParseError.None)
        {
            return ProtocolError(connection, error.ToString());
        }

        if (header.IsBinary)
        {
            (connection.Binary ??= new BinaryPacketAssembler()).Start(packet, header.Attachments);
            connection.BinaryTarget = socket;
            return ValueTask.CompletedTask;
        }

        return Route(socket, packet);
    }

    private ValueTask OnAttachmentAsync(SocketIOConnection connection, ReadOnlySpan<byte> attachment)
    {
        var binary = connection.Binary;
        if (binary is not { IsAssembling: true })
        {
            return ProtocolError(connection, "a binary attachment arrived with no binary packet waiting for it");
        }

        if (!binary.TryAdd(attachment, out var packet))
        {
            return ValueTask.CompletedTask;
        }

        var socket = connection.BinaryTarget!;
        connection.BinaryTarget = null;
        return Route(socket, packet);
    }

    /// <summary>Hands a complete event to its socket's queue (which then owns it) or an acknowledgement to the emit waiting for it.</summary>
    private static ValueTask Route(Socket socket, SocketIOPacket packet)
    {
        if (packet.IsEvent)
        {
            return socket.EnqueueAsync(new IncomingEvent(packet));
        }

        // The waiting emit keeps the answer, so it gets memory of its own rather than pooled buffers.
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

    private async ValueTask ConnectAsync(SocketIOConnection connection, string name, byte[] auth)
    {
        if (!_namespaces.TryGetValue(name, out var nsp))
        {
            SocketIOLog.InvalidNamespace(Logger, connection.Session.Id, name);
            var prefix = Encoding.UTF8.GetBytes(name == "/" ? string.Empty : name + ",");
            var refusal = SocketIOPacketWriter.WriteConnectError(prefix, "Invalid namespace", default);
            try
            {
                connection.Send(refusal);
            }
            finally
            {
                refusal.Release();
            }

            return;
        }

        var socket = new Socket(nsp, connection, RandomId.Next(), auth, Options.MaxPendingEvents);
        foreach (var middleware in nsp.Middlewares)
        {
            ConnectError? rejection;
            try
            {
                rejection = await middleware(socket).ConfigureAwait(false);
            }
            catch (Exception exception)
            {
                SocketIOLog.MiddlewareFailed(Logger, nsp.Name, socket.Id, exception);
                rejection = new ConnectError("Internal server error");
            }

            if (rejection is not null)
            {
                SocketIOLog.ConnectRefused(Logger, socket.Id, nsp.Name, rejection.Message);
                var refusal = SocketIOPacketWriter.WriteConnectError(nsp.PacketPrefix, rejection.Message, rejection.DataJson.Span);
                try
                {
                    connection.Send(refusal);
                }
                finally
                {
                    refusal.Release();
                }

                return;
            }
        }

        var accepted = SocketIOPacketWriter.WriteConnect(nsp.PacketPrefix, socket.Id);
        try
        {
            // CONNECT goes out before the socket becomes visible to broadcasts, which take the same lock to send.
            lock (connection.SendLock)
            {
                if (!connection.Add(socket))
                {
                    return;
                }

                nsp.Add(socket);
                socket.MarkConnected();
                connection.Session.Send(accepted);
            }
        }
        finally
        {
            accepted.Release();
        }

        SocketIOLog.SocketConnected(Logger, socket.Id, nsp.Name, connection.Session.Id);

        // The connection handlers start on this thread, as events do: only their synchronous part holds up the
        // connection's next message (events arriving meanwhile queue behind them), and a connect costs no thread hop.
        _ = socket.RunAsync();
    }

    private ValueTask ProtocolError(SocketIOConnection connection, string error)
    {
        SocketIOLog.ProtocolError(Logger, connection.Session.Id, error);
        connection.Close(DisconnectReasons.ParseError);
        connection.Session.Close(DisconnectReasons.ParseError);
        return ValueTask.CompletedTask;
    }
}
