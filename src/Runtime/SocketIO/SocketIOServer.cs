using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using TypedSockets.Diagnostics;
using TypedSockets.EngineIO;

namespace TypedSockets.SocketIO;

/// <summary>
/// The Socket.IO v5 server: it creates and holds the namespaces, and as Engine.IO's
/// <see cref="IEngineSessionAcceptor"/> gives every new session a <see cref="SocketIOConnection"/> that decodes its
/// packets and routes them to the namespaces. Namespaces are declared with <see cref="Of"/>; a CONNECT to any other
/// gets CONNECT_ERROR "Invalid namespace".
/// </summary>
public sealed class SocketIOServer : IEngineSessionAcceptor
{
    private readonly ConcurrentDictionary<string, Namespace> _namespaces = new(StringComparer.Ordinal);
    private ISocketIOObserver? _observer;

    /// <summary>A server that is a single node.</summary>
    /// <param name="options">The Socket.IO settings.</param>
    /// <param name="loggerFactory">Creates the server's logger.</param>
    /// <param name="timeProvider">The clock of connect and ack timeouts.</param>
    public SocketIOServer(SocketIOOptions options, ILoggerFactory loggerFactory, TimeProvider timeProvider)
        : this(options, loggerFactory, timeProvider, null)
    {
    }

    /// <summary>A server that is one node of a cluster joined by <paramref name="backplane"/> (null: a single node).</summary>
    /// <param name="options">The Socket.IO settings.</param>
    /// <param name="loggerFactory">Creates the server's logger.</param>
    /// <param name="timeProvider">The clock of connect and ack timeouts.</param>
    /// <param name="backplane">The backplane to the other nodes, or null.</param>
    public SocketIOServer(SocketIOOptions options, ILoggerFactory loggerFactory, TimeProvider timeProvider, ISocketIOBackplane? backplane)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        ArgumentNullException.ThrowIfNull(timeProvider);
        SocketIOOptionsValidator.ThrowIfInvalid(options, nameof(options));
        Options = options;
        UsesMessagePack = options.Parser == SocketIOParser.MessagePack;
        Logger = loggerFactory.CreateLogger<SocketIOServer>();
        TimeProvider = timeProvider;
        ConnectDeadlines = new ConnectDeadlines(timeProvider, options.ConnectTimeout);
        if (backplane is not null && options.ConnectionStateRecovery.Enabled && backplane is not ISocketIORecoveryBackplane)
        {
            // The packets a client missed may have been emitted on another node: a node's own log cannot replay them.
            throw new NotSupportedException($"Connection state recovery needs a backplane that keeps it in the cluster ({nameof(ISocketIORecoveryBackplane)}); {backplane.GetType().Name} does not. Turn recovery or this backplane off.");
        }

        Backplane = backplane;
        backplane?.Attach(new BackplaneHost(this));
    }

    /// <summary>The Socket.IO settings the server runs with.</summary>
    public SocketIOOptions Options { get; }

    /// <summary>True when every packet travels as socket.io-msgpack-parser's binary message (read once: options do not change after start).</summary>
    internal bool UsesMessagePack { get; }

    /// <summary>The main namespace <c>/</c>.</summary>
    public Namespace Sockets => Of("/");

    /// <summary>The backplane joining this node to the others; null for a single node.</summary>
    public ISocketIOBackplane? Backplane { get; }

    /// <summary>The namespaces declared so far.</summary>
    public ICollection<Namespace> Namespaces => _namespaces.Values;

    internal ILogger Logger { get; }

    /// <summary>Who watches this server's sockets (see <see cref="AddObserver"/>); null when nobody does.</summary>
    internal ISocketIOObserver? Observer => Volatile.Read(ref _observer);

    internal TimeProvider TimeProvider { get; }

    /// <summary>The connect timeouts of new connections, on one timer.</summary>
    internal ConnectDeadlines ConnectDeadlines { get; }

    /// <summary>The <c>TypedSockets</c> meter's instruments: the application's (set by hosting) or the process-wide ones.</summary>
    internal TypedSocketsMetrics Metrics
    {
        get => _metrics ??= TypedSocketsMetrics.Unhosted;
        init => _metrics = value;
    }

    private TypedSocketsMetrics? _metrics;

    /// <summary>The namespace <paramref name="name"/>, declared on first use (<c>/</c> is added if missing).</summary>
    /// <param name="name">The namespace name, with or without its leading <c>/</c>.</param>
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

    /// <summary>Adds an observer of the sockets of this node (connects, disconnects, rooms, events); see <see cref="ISocketIOObserver"/>.</summary>
    /// <param name="observer">The observer; it sees what happens from now on.</param>
    public void AddObserver(ISocketIOObserver observer)
    {
        ArgumentNullException.ThrowIfNull(observer);
        ISocketIOObserver? current, combined;
        do
        {
            current = Volatile.Read(ref _observer);
            combined = SocketIOObservers.Combine(current, observer);
        }
        while (Interlocked.CompareExchange(ref _observer, combined, current) != current);
    }

    /// <summary>The namespace <paramref name="name"/> if it was declared; a client's CONNECT never declares one.</summary>
    internal bool TryGetNamespace(string name, out Namespace? nsp) => _namespaces.TryGetValue(name, out nsp);

    IEngineSessionHandler IEngineSessionAcceptor.OnOpen(IEngineSession session)
    {
        var connection = new SocketIOConnection(this, session);
        connection.StartConnectTimeout();
        return connection;
    }
}
