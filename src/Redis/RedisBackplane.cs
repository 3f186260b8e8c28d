using System.Collections.Concurrent;
using System.Security.Cryptography;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;
using TypedSockets.SocketIO;

namespace TypedSockets.Redis;

/// <summary>
/// The Redis backplane: broadcasts, commands and server-side events travel on one pub/sub channel per namespace
/// (a node subscribes only to the namespaces it declared); replies to one node on that node's channel. Cluster-wide
/// counts and rooms are sets per node in Redis, counted over the nodes whose heartbeat has not expired. While Redis
/// is unreachable the node serves its local clients, and republishes its sockets when the connection comes back.
/// </summary>
public sealed partial class RedisBackplane : ISocketIOBackplane, IHostedService, IAsyncDisposable
{
    private readonly RedisBackplaneOptions _options;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<long, RemoteAckCollector> _pendingAcks = new();
    private readonly ConcurrentDictionary<string, Namespace> _subscribed = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, bool> _liveChannels = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, RedisChannel> _namespaceChannels = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stopping = new();
    private readonly RedisKey _nodesKey;
    private readonly string _keySetPrefix;
    private readonly RedisKey _ownKeySet;
    private BackplaneHost? _host;
    private ConnectionMultiplexer? _redis;
    private ISubscriber? _subscriber;
    private Task? _heartbeat;
    private long _nextRequestId;

    /// <summary>A backplane node; it joins the cluster in <see cref="StartAsync"/>. Invalid options are refused with an <see cref="ArgumentException"/> naming each one.</summary>
    /// <param name="options">Where Redis is and how the node behaves.</param>
    /// <param name="loggerFactory">Creates the backplane's logger.</param>
    /// <param name="timeProvider">The clock of heartbeats and ack timeouts.</param>
    public RedisBackplane(RedisBackplaneOptions options, ILoggerFactory loggerFactory, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        ArgumentNullException.ThrowIfNull(timeProvider);
        RedisBackplaneOptionsValidator.ThrowIfInvalid(options, nameof(options));
        _options = options;
        _logger = loggerFactory.CreateLogger<RedisBackplane>();
        _time = timeProvider;
        Span<byte> id = stackalloc byte[8];
        RandomNumberGenerator.Fill(id);
        NodeId = Convert.ToHexStringLower(id);
        _nodesKey = options.Prefix + ":nodes";
        _keySetPrefix = options.Prefix + ":k:";
        _ownKeySet = _keySetPrefix + NodeId;
    }

    /// <summary>
    /// The server-side event every node's namespaces get (see <see cref="Namespace.OnServerSideEvent"/>) when expired
    /// nodes were removed from the cluster, so an application can tell its clients about the new counts.
    /// </summary>
    public const string NodesExpiredEvent = "typedsockets:nodesExpired";

    /// <summary>This node's id in the cluster (new on every start).</summary>
    public string NodeId { get; }

    /// <summary>True while Redis is reachable.</summary>
    public bool IsConnected => _redis?.IsConnected == true;

    /// <summary>The server this backplane delivers to; messages only arrive for its namespaces, so after <see cref="Attach"/>.</summary>
    private BackplaneHost Host => _host ?? throw new InvalidOperationException("The backplane is not attached to a Socket.IO server.");

    private IDatabase? Database => _redis is { IsConnected: true } redis ? redis.GetDatabase() : null;

    /// <inheritdoc/>
    public void Attach(BackplaneHost host)
    {
        ArgumentNullException.ThrowIfNull(host);
        if (Interlocked.CompareExchange(ref _host, host, null) is not null)
        {
            throw new InvalidOperationException("A backplane serves one Socket.IO server.");
        }
    }

    /// <summary>Connects to Redis, subscribes the declared namespaces and starts the node's heartbeat.</summary>
    /// <param name="cancellationToken">Stops the start.</param>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var configuration = ConfigurationOptions.Parse(_options.Configuration);
        configuration.AbortOnConnectFail = false;
        configuration.BacklogPolicy = BacklogPolicy.FailFast;
        configuration.ReconnectRetryPolicy = new LinearRetry((int)_options.ReconnectInterval.TotalMilliseconds);
        configuration.AsyncTimeout = (int)_options.OperationTimeout.TotalMilliseconds;
        configuration.SyncTimeout = (int)_options.OperationTimeout.TotalMilliseconds;
        configuration.ClientName = "typedsockets-" + NodeId;
        var redis = await ConnectionMultiplexer.ConnectAsync(configuration).ConfigureAwait(false);
        redis.ConnectionFailed += OnConnectionFailed;
        redis.ConnectionRestored += OnConnectionRestored;
        _subscriber = redis.GetSubscriber();
        _redis = redis;
        if (_host is not null)
        {
            foreach (var nsp in _host.Namespaces)
            {
                _subscribed.TryAdd(nsp.Name, nsp);
            }
        }

        await EnsureSubscriptionsAsync().ConfigureAwait(false);
        if (redis.IsConnected)
        {
            RedisBackplaneLog.Connected(_logger, NodeId, _options.Configuration);
            await ResynchronizeAsync().ConfigureAwait(false);
        }
        else
        {
            RedisBackplaneLog.ConnectionLost(_logger, "initial", _options.Configuration, "unreachable", null);
        }

        _heartbeat = Task.Run(HeartbeatLoopAsync, CancellationToken.None);
    }

    /// <summary>Leaves the cluster: stops the heartbeat and removes this node's keys.</summary>
    /// <param name="cancellationToken">Stops the wait.</param>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        if (_heartbeat is not null)
        {
            await _heartbeat.ConfigureAwait(false);
        }

        // A node that stops on purpose leaves the counts now rather than when its heartbeat expires.
        if (Database is { } database)
        {
            try
            {
                await database.ScriptEvaluateAsync(RedisScripts.Forget, [_nodesKey], [NodeId, _keySetPrefix]).ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is RedisException or TimeoutException)
            {
                RedisBackplaneLog.OperationFailed(_logger, "leave", exception);
            }
        }
    }

    /// <summary>Stops the node and closes its Redis connection.</summary>
    public async ValueTask DisposeAsync()
    {
        if (!_stopping.IsCancellationRequested)
        {
            await _stopping.CancelAsync().ConfigureAwait(false);
        }

        if (_redis is not null)
        {
            await _redis.DisposeAsync().ConfigureAwait(false);
        }

        _stopping.Dispose();
    }

    /// <inheritdoc/>
    public void OnNamespaceAdded(Namespace nsp)
    {
        ArgumentNullException.ThrowIfNull(nsp);
        if (_subscribed.TryAdd(nsp.Name, nsp) && _redis is not null)
        {
            _ = EnsureSubscriptionsAsync();
        }
    }

    /// <inheritdoc/>
    public void OnSocketAdded(Namespace nsp, string socketId)
    {
        if (Database is not { } database)
        {
            return;
        }

        var key = SocketsKey(NodeId, nsp.Name);
        FireAndForget(database.SetAddAsync(key, socketId, CommandFlags.FireAndForget));
        FireAndForget(database.SetAddAsync(_ownKeySet, key.ToString(), CommandFlags.FireAndForget));
    }

    /// <inheritdoc/>
    public void OnSocketRemoved(Namespace nsp, string socketId, IReadOnlyCollection<string> rooms)
    {
        if (Database is not { } database)
        {
            return;
        }

        FireAndForget(database.SetRemoveAsync(SocketsKey(NodeId, nsp.Name), socketId, CommandFlags.FireAndForget));
        foreach (var room in rooms)
        {
            if (room != socketId)
            {
                FireAndForget(database.SetRemoveAsync(RoomKey(NodeId, nsp.Name, room), socketId, CommandFlags.FireAndForget));
            }
        }
    }

    /// <inheritdoc/>
    public void OnJoined(Namespace nsp, string socketId, string room)
    {
        if (room == socketId || Database is not { } database)
        {
            return;
        }

        var key = RoomKey(NodeId, nsp.Name, room);
        FireAndForget(database.SetAddAsync(key, socketId, CommandFlags.FireAndForget));
        FireAndForget(database.SetAddAsync(_ownKeySet, key.ToString(), CommandFlags.FireAndForget));
    }

    /// <inheritdoc/>
    public void OnLeft(Namespace nsp, string socketId, string room)
    {
        if (room == socketId || Database is not { } database)
        {
            return;
        }

        FireAndForget(database.SetRemoveAsync(RoomKey(NodeId, nsp.Name, room), socketId, CommandFlags.FireAndForget));
    }

    /// <inheritdoc/>
    public async ValueTask<int> CountAsync(Namespace nsp, string? room, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(nsp);
        var result = await QueryAsync(nsp, room, "count").ConfigureAwait(false);
        return result is null ? (room is null ? nsp.SocketCount : nsp.RoomCount(room)) : (int)result;
    }

    /// <inheritdoc/>
    public async ValueTask<IReadOnlyList<string>> FetchSocketIdsAsync(Namespace nsp, string? room, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(nsp);
        var result = await QueryAsync(nsp, room, "members").ConfigureAwait(false);
        if (result is null)
        {
            var local = room is null ? nsp.GetLocalSockets() : Array.FindAll(nsp.GetLocalSockets(), s => s.Rooms.Contains(room));
            return Array.ConvertAll(local, s => s.Id);
        }

        var members = (RedisValue[])result!;
        return Array.ConvertAll(members, m => m.ToString());
    }

    /// <summary>The script's result, or null when Redis could not answer (the caller then uses this node's view).</summary>
    private async Task<RedisResult?> QueryAsync(Namespace nsp, string? room, string mode)
    {
        if (Database is not { } database)
        {
            return null;
        }

        var prefix = room is null ? _options.Prefix + ":s:" : _options.Prefix + ":r:";
        var suffix = room is null ? SocketsSuffix(nsp.Name) : RoomSuffix(nsp.Name, room);
        try
        {
            return await database.ScriptEvaluateAsync(RedisScripts.Query, [_nodesKey], [prefix, suffix, mode]).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is RedisException or TimeoutException)
        {
            RedisBackplaneLog.OperationFailed(_logger, mode, exception);
            return null;
        }
    }

    private async Task HeartbeatLoopAsync()
    {
        var token = _stopping.Token;
        while (!token.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(_options.HeartbeatInterval, _time, token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            await HeartbeatAsync().ConfigureAwait(false);

            // A subscription that failed in a reconnect race is made again here at the latest.
            await EnsureSubscriptionsAsync().ConfigureAwait(false);
        }
    }

    private async Task HeartbeatAsync()
    {
        if (Database is not { } database)
        {
            return;
        }

        try
        {
            var removed = await database.ScriptEvaluateAsync(
                RedisScripts.Heartbeat,
                [_nodesKey],
                [NodeId, (long)_options.NodeTimeout.TotalMilliseconds, _keySetPrefix]).ConfigureAwait(false);
            var expired = (RedisValue[])removed!;
            foreach (var node in expired)
            {
                RedisBackplaneLog.NodeExpired(_logger, node.ToString());
            }

            // One node's script removes each dead node, so exactly one node tells the cluster (itself included).
            if (expired.Length > 0)
            {
                foreach (var nsp in _subscribed.Values)
                {
                    PublishServerSideEvent(nsp, NodesExpiredEvent, default);
                    await Host.RaiseServerSideEventAsync(nsp, NodesExpiredEvent, ReadOnlyMemory<byte>.Empty).ConfigureAwait(false);
                }
            }
        }
        catch (Exception exception) when (exception is RedisException or TimeoutException)
        {
            RedisBackplaneLog.OperationFailed(_logger, "heartbeat", exception);
        }
    }

    /// <summary>Writes this node's sockets and rooms afresh (Redis may have restarted empty) and renews the heartbeat.</summary>
    private async Task ResynchronizeAsync()
    {
        if (Database is not { } database || _host is null)
        {
            return;
        }

        try
        {
            await database.ScriptEvaluateAsync(RedisScripts.Forget, [_nodesKey], [NodeId, _keySetPrefix]).ConfigureAwait(false);
            var writes = new List<Task>();
            var sockets = 0;
            foreach (var nsp in _host.Namespaces)
            {
                foreach (var socket in nsp.GetLocalSockets())
                {
                    sockets++;
                    var key = SocketsKey(NodeId, nsp.Name);
                    writes.Add(database.SetAddAsync(key, socket.Id));
                    writes.Add(database.SetAddAsync(_ownKeySet, key.ToString()));
                    foreach (var room in socket.Rooms)
                    {
                        if (room != socket.Id)
                        {
                            var roomKey = RoomKey(NodeId, nsp.Name, room);
                            writes.Add(database.SetAddAsync(roomKey, socket.Id));
                            writes.Add(database.SetAddAsync(_ownKeySet, roomKey.ToString()));
                        }
                    }
                }
            }

            await Task.WhenAll(writes).ConfigureAwait(false);
            await HeartbeatAsync().ConfigureAwait(false);
            RedisBackplaneLog.Resynchronized(_logger, NodeId, sockets);
        }
        catch (Exception exception) when (exception is RedisException or TimeoutException)
        {
            RedisBackplaneLog.OperationFailed(_logger, "resynchronize", exception);
        }
    }

    private void OnConnectionFailed(object? sender, ConnectionFailedEventArgs e)
    {
        RedisBackplaneLog.ConnectionLost(_logger, e.ConnectionType.ToString(), e.EndPoint?.ToString() ?? _options.Configuration, e.FailureType.ToString(), e.Exception);
        MarkRecoveryGaps();
    }

    private void OnConnectionRestored(object? sender, ConnectionFailedEventArgs e)
    {
        RedisBackplaneLog.ConnectionRestored(_logger, e.ConnectionType.ToString(), e.EndPoint?.ToString() ?? _options.Configuration);
        MarkRecoveryGaps();
        // The two connections come back in either order; whichever is first may find the other still down.
        _ = Task.Run(EnsureSubscriptionsAsync);
        if (e.ConnectionType == ConnectionType.Interactive)
        {
            _ = Task.Run(ResynchronizeAsync);
        }
    }

    private static void FireAndForget(Task task)
    {
        // With FireAndForget the client completes the task at once; a refused command (Redis down) is not an error here.
        if (!task.IsCompleted)
        {
            task.ContinueWith(static t => _ = t.Exception, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously);
        }
        else
        {
            _ = task.Exception;
        }
    }

    private string NamespaceChannel(string nsp) => _options.Prefix + "#ns#" + nsp;

    private string NodeChannel(string node) => _options.Prefix + "#node#" + node;

    private static string SocketsSuffix(string nsp) => ":" + nsp;

    private static string RoomSuffix(string nsp, string room) => ":" + nsp.Length + ":" + nsp + ":" + room;

    private RedisKey SocketsKey(string node, string nsp) => _options.Prefix + ":s:" + node + SocketsSuffix(nsp);

    private RedisKey RoomKey(string node, string nsp, string room) => _options.Prefix + ":r:" + node + RoomSuffix(nsp, room);
}
