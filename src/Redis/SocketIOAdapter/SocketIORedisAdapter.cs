using System.Collections.Concurrent;
using System.Security.Cryptography;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;
using TypedSockets.SocketIO;

namespace TypedSockets.Redis.SocketIOAdapter;

/// <summary>
/// The Redis backplane speaking @socket.io/redis-adapter 8's protocol, so TypedSockets nodes and Node socket.io
/// nodes form one cluster. Per namespace <c>nsp</c> and key <c>k</c> (default <c>socket.io</c>): broadcasts are
/// MessagePack <c>[uid, packet, {rooms, except, flags}]</c> on <c>k#nsp#</c> (or <c>k#nsp#room#</c> for one room,
/// all read through the pattern <c>k#nsp#*</c>); requests go to <c>k-request#nsp#</c> and answers to
/// <c>k-response#nsp#</c> (and <c>k-response#nsp#uid#</c>). That protocol keeps no state in Redis: the cluster size is
/// the subscriber count of the request channel, counts and listings ask every node, and a node that dies leaves
/// the cluster as soon as Redis drops its connection.
/// </summary>
internal sealed partial class SocketIORedisAdapter : ISocketIOBackplane, IHostedService, IAsyncDisposable
{
    private readonly RedisBackplaneOptions _options;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<string, AdapterChannels> _namespaces = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, PendingRequest> _pending = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(string Namespace, string Event), Func<ReadOnlyMemory<byte>, ValueTask<ReadOnlyMemory<byte>>>> _serverSideAckHandlers = new();
    private readonly CancellationTokenSource _stopping = new();
    private BackplaneHost? _host;
    private ConnectionMultiplexer? _redis;
    private long _nextRequestId;

    public SocketIORedisAdapter(RedisBackplaneOptions options, ILoggerFactory loggerFactory, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        ArgumentNullException.ThrowIfNull(timeProvider);
        RedisBackplaneOptionsValidator.ThrowIfInvalid(options, nameof(options));
        _options = options;
        _logger = loggerFactory.CreateLogger<SocketIORedisAdapter>();
        _time = timeProvider;
        Span<byte> id = stackalloc byte[6];
        RandomNumberGenerator.Fill(id);
        Uid = Convert.ToHexStringLower(id);
    }

    /// <summary>This node's <c>uid</c> in the adapter's messages (new on every start); its own messages come back and are dropped by it.</summary>
    public string Uid { get; }

    public bool IsConnected => _redis?.IsConnected == true;

    private BackplaneHost Host => _host ?? throw new InvalidOperationException("The backplane is not attached to a Socket.IO server.");

    public void Attach(BackplaneHost host)
    {
        ArgumentNullException.ThrowIfNull(host);
        if (Interlocked.CompareExchange(ref _host, host, null) is not null)
        {
            throw new InvalidOperationException("A backplane serves one Socket.IO server.");
        }
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var configuration = ConfigurationOptions.Parse(_options.Configuration);
        configuration.AbortOnConnectFail = false;
        configuration.BacklogPolicy = BacklogPolicy.FailFast;
        configuration.ReconnectRetryPolicy = new LinearRetry((int)_options.ReconnectInterval.TotalMilliseconds);
        configuration.AsyncTimeout = (int)_options.OperationTimeout.TotalMilliseconds;
        configuration.SyncTimeout = (int)_options.OperationTimeout.TotalMilliseconds;
        configuration.ClientName = "typedsockets-socketio-" + Uid;
        _redis = await ConnectionMultiplexer.ConnectAsync(configuration).ConfigureAwait(false);
        if (_host is not null)
        {
            foreach (var nsp in _host.Namespaces)
            {
                OnNamespaceAdded(nsp);
            }
        }

        foreach (var channels in _namespaces.Values)
        {
            await SubscribeAsync(channels).ConfigureAwait(false);
        }

        SocketIOAdapterLog.Connected(_logger, Uid, _options.Configuration, _options.SocketIOKey);
    }

    /// <summary>Leaves the cluster: unsubscribes, so the other nodes stop counting this one at once.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        if (_redis is { IsConnected: true } redis)
        {
            try
            {
                await redis.GetSubscriber().UnsubscribeAllAsync().ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is RedisException or TimeoutException)
            {
                SocketIOAdapterLog.OperationFailed(_logger, "leave", exception);
            }
        }
    }

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

    public void OnNamespaceAdded(Namespace nsp)
    {
        ArgumentNullException.ThrowIfNull(nsp);
        var channels = new AdapterChannels(nsp, _options.SocketIOKey, Uid);
        if (_namespaces.TryAdd(nsp.Name, channels) && _redis is not null)
        {
            _ = SubscribeAsync(channels);
        }
    }

    // The adapter protocol keeps no membership in Redis: every node answers for its own sockets when asked.
    public void OnSocketAdded(Namespace nsp, string socketId)
    {
    }

    public void OnSocketRemoved(Namespace nsp, string socketId, IReadOnlyCollection<string> rooms)
    {
    }

    public void OnJoined(Namespace nsp, string socketId, string room)
    {
    }

    public void OnLeft(Namespace nsp, string socketId, string room)
    {
    }

    private async Task SubscribeAsync(AdapterChannels channels)
    {
        if (_redis is not { } redis)
        {
            return;
        }

        var subscriber = redis.GetSubscriber();
        try
        {
            // One ordered queue per channel: the broadcasts of a namespace (every room included, through the
            // pattern) are delivered in the order Redis sent them, so each sender's order holds.
            var broadcasts = await subscriber.SubscribeAsync(channels.BroadcastPattern).ConfigureAwait(false);
            broadcasts.OnMessage(message => OnBroadcastMessage(channels, message));
            var requests = await subscriber.SubscribeAsync(channels.Request).ConfigureAwait(false);
            requests.OnMessage(message => OnRequestMessageAsync(channels, message));
            var responses = await subscriber.SubscribeAsync(channels.Response).ConfigureAwait(false);
            responses.OnMessage(OnResponseMessage);
            var ownResponses = await subscriber.SubscribeAsync(channels.OwnResponse).ConfigureAwait(false);
            ownResponses.OnMessage(OnResponseMessage);
        }
        catch (Exception exception) when (exception is RedisException or TimeoutException)
        {
            SocketIOAdapterLog.OperationFailed(_logger, "subscribe " + channels.Namespace.Name, exception);
        }
    }

    /// <summary>The other nodes of the cluster: subscribers of the request channel (one per node) but this one; 0 when Redis cannot say.</summary>
    private async Task<int> OtherNodesAsync(AdapterChannels channels)
    {
        if (_redis is not { IsConnected: true } redis)
        {
            return 0;
        }

        try
        {
            var result = await redis.GetDatabase().ExecuteAsync("PUBSUB", "NUMSUB", channels.RequestName).ConfigureAwait(false);
            var pair = (RedisResult[])result!;
            return Math.Max(0, (int)(long)pair[1] - 1);
        }
        catch (Exception exception) when (exception is RedisException or TimeoutException)
        {
            SocketIOAdapterLog.OperationFailed(_logger, "PUBSUB NUMSUB", exception);
            return 0;
        }
    }

    private string NextRequestId() => Uid + "-" + Interlocked.Increment(ref _nextRequestId).ToString(System.Globalization.CultureInfo.InvariantCulture);

    private AdapterChannels ChannelsOf(Namespace nsp) =>
        _namespaces.GetOrAdd(nsp.Name, static (_, state) => new AdapterChannels(state.nsp, state.key, state.uid), (nsp, key: _options.SocketIOKey, uid: Uid));

    private void Publish(RedisChannel channel, RedisValue message, string kind, Namespace nsp)
    {
        if (_redis is not { IsConnected: true } redis)
        {
            SocketIOAdapterLog.NotPublished(_logger, kind, nsp.Name);
            return;
        }

        var task = redis.GetSubscriber().PublishAsync(channel, message, CommandFlags.FireAndForget);
        if (!task.IsCompleted)
        {
            task.ContinueWith(static t => _ = t.Exception, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously);
        }
        else
        {
            _ = task.Exception;
        }
    }
}
