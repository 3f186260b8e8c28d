using System.Buffers;
using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using TypedSockets.EngineIO;

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
        SocketIOOptionsValidator.ThrowIfInvalid(options, nameof(options));
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
        if (connection.Partial is not null)
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
                return OnEventAsync(connection, socket, header, payload);
            case SocketIOPacketType.Ack:
            case SocketIOPacketType.BinaryAck:
                return OnAck(connection, socket, header, payload);
            default:
                return ProtocolError(connection, $"{header.Type} is not a packet a client sends");
        }
    }

    private ValueTask OnEventAsync(SocketIOConnection connection, Socket socket, in SocketIOPacketHeader header, ReadOnlySpan<byte> payload)
    {
        var error = SocketIOPacketParser.TryReadEvent(payload, out var name, out var nameEscaped, out var bounds, out var count);
        if (error != SocketIOParseError.None)
        {
            return ProtocolError(connection, error.ToString());
        }

        var buffer = ArrayPool<byte>.Shared.Rent(payload.Length);
        payload.CopyTo(buffer);
        if (header.IsBinary)
        {
            connection.Partial = new PartialBinaryPacket(socket, header.Type, header.AckId, buffer, payload.Length, name, nameEscaped, bounds, count, header.Attachments);
            return ValueTask.CompletedTask;
        }

        return socket.EnqueueAsync(new IncomingEvent(buffer, payload.Length, name, nameEscaped, header.AckId, bounds, count, null));
    }

    private ValueTask OnAck(SocketIOConnection connection, Socket socket, in SocketIOPacketHeader header, ReadOnlySpan<byte> payload)
    {
        var error = SocketIOPacketParser.TryReadAck(payload, out var bounds, out var count);
        if (error != SocketIOParseError.None)
        {
            return ProtocolError(connection, error.ToString());
        }

        if (header.IsBinary)
        {
            var buffer = ArrayPool<byte>.Shared.Rent(payload.Length);
            payload.CopyTo(buffer);
            connection.Partial = new PartialBinaryPacket(socket, header.Type, header.AckId, buffer, payload.Length, default, false, bounds, count, header.Attachments);
            return ValueTask.CompletedTask;
        }

        // The waiting emit keeps the answer, so it gets memory of its own rather than pooled buffers.
        var owned = new EventArguments(payload.ToArray(), bounds is null ? null : bounds.AsSpan(0, count * 2).ToArray(), count, null);
        if (bounds is not null)
        {
            ArrayPool<int>.Shared.Return(bounds);
        }

        socket.ReceiveAck(header.AckId, owned);
        return ValueTask.CompletedTask;
    }

    private ValueTask OnAttachmentAsync(SocketIOConnection connection, ReadOnlySpan<byte> attachment)
    {
        var partial = connection.Partial;
        if (partial is null)
        {
            return ProtocolError(connection, "a binary attachment arrived with no binary packet waiting for it");
        }

        if (!partial.Add(attachment))
        {
            return ValueTask.CompletedTask;
        }

        connection.Partial = null;
        partial.HandOver();
        if (partial.Type == SocketIOPacketType.BinaryEvent)
        {
            return partial.Socket.EnqueueAsync(new IncomingEvent(partial.Payload, partial.PayloadLength, partial.Name, partial.NameEscaped, partial.AckId, partial.Bounds, partial.Count, partial.Attachments));
        }

        var pooled = new EventArguments(partial.Payload.AsMemory(0, partial.PayloadLength), partial.Bounds, partial.Count, partial.Attachments);
        var owned = pooled.ToOwned();
        ArrayPool<byte>.Shared.Return(partial.Payload);
        if (partial.Bounds is not null)
        {
            ArrayPool<int>.Shared.Return(partial.Bounds);
        }

        IncomingEvent.ReturnAttachments(partial.Attachments);
        partial.Socket.ReceiveAck(partial.AckId, owned);
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

        var socket = new Socket(nsp, connection, NewSocketId(), auth, Options.MaxPendingEvents);
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

    private static string NewSocketId()
    {
        // 15 random bytes: a 20-character URL-safe id, the length socket.io's ids have.
        Span<byte> bytes = stackalloc byte[15];
        RandomNumberGenerator.Fill(bytes);
        return System.Buffers.Text.Base64Url.EncodeToString(bytes);
    }
}
