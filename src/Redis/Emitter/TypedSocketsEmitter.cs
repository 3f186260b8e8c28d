using System.Security.Cryptography;
using StackExchange.Redis;
using TypedSockets.Hubs;
using TypedSockets.Hubs.Infrastructure;
using TypedSockets.Redis.Emitter;
using TypedSockets.SocketIO;

namespace TypedSockets.Redis;

/// <summary>
/// Publishes events to the clients of a Redis cluster of TypedSockets (or Node socket.io) servers from a process
/// that holds no sockets: a worker, a console app, a back-office script. The .NET counterpart of
/// @socket.io/redis-emitter: <c>emitter.Of("/chat").To("room").Emit("news", json)</c>, or typed through a hub's
/// client interface with <see cref="For{THub, TClient}"/>. Speaks the protocol of
/// <see cref="RedisBackplaneOptions.Protocol"/> (the servers' own); uses <see cref="RedisBackplaneOptions.Configuration"/>,
/// <see cref="RedisBackplaneOptions.Prefix"/> and <see cref="RedisBackplaneOptions.SocketIOKey"/>, so one configuration
/// section serves the servers and the emitter. Emits are published in call order without waiting for Redis;
/// <see cref="DisposeAsync"/> waits until those already made are sent. Client results (acks) need a server: an
/// emitter cannot receive them.
/// </summary>
public sealed class TypedSocketsEmitter : IAsyncDisposable, IDisposable
{
    private readonly IConnectionMultiplexer _redis;
    private readonly bool _ownsConnection;
    private readonly EmitterProtocol _protocol;

    /// <summary>
    /// An emitter with a Redis connection of its own, made now (a Redis that is not reachable yet is connected to
    /// in the background; emits made meanwhile are dropped). Invalid options are refused with an <see cref="ArgumentException"/>.
    /// </summary>
    /// <param name="options">Where Redis is, which protocol and which prefix or key the servers use.</param>
    public TypedSocketsEmitter(RedisBackplaneOptions options)
        : this(Connect(options), options, ownsConnection: true)
    {
    }

    /// <summary>An emitter on a Redis connection the application already has (and disposes itself).</summary>
    /// <param name="redis">The connection to publish on.</param>
    /// <param name="options">Which protocol and which prefix or key the servers use (<see cref="RedisBackplaneOptions.Configuration"/> is not used).</param>
    public TypedSocketsEmitter(IConnectionMultiplexer redis, RedisBackplaneOptions options)
        : this(redis, options, ownsConnection: false)
    {
    }

    private TypedSocketsEmitter(IConnectionMultiplexer redis, RedisBackplaneOptions options, bool ownsConnection)
    {
        ArgumentNullException.ThrowIfNull(redis);
        ArgumentNullException.ThrowIfNull(options);
        RedisBackplaneOptionsValidator.ThrowIfInvalid(options, nameof(options));
        _redis = redis;
        _ownsConnection = ownsConnection;
        var subscriber = redis.GetSubscriber();
        _protocol = options.Protocol == RedisBackplaneProtocol.SocketIO
            ? new SocketIOEmitterProtocol(subscriber, options.SocketIOKey)
            : new NativeEmitterProtocol(subscriber, options.Prefix, "emitter-" + NewId());
    }

    /// <summary>Every client of the main namespace <c>/</c>.</summary>
    public EmitterOperator All => Of("/");

    /// <summary>Every client of namespace <paramref name="nsp"/> (for example <c>/chat</c>).</summary>
    /// <param name="nsp">The namespace name, starting with <c>/</c>.</param>
    /// <exception cref="ArgumentException"><paramref name="nsp"/> does not start with <c>/</c>.</exception>
    public EmitterOperator Of(string nsp)
    {
        ArgumentException.ThrowIfNullOrEmpty(nsp);
        if (nsp[0] != '/')
        {
            throw new ArgumentException($"A namespace name starts with '/': '{nsp}'.", nameof(nsp));
        }

        return new EmitterOperator(_protocol, nsp, null, null, isVolatile: false);
    }

    /// <summary>The clients of the main namespace in <paramref name="room"/>.</summary>
    /// <param name="room">The room.</param>
    public EmitterOperator To(string room) => All.To(room);

    /// <summary>The clients of the main namespace but those in <paramref name="room"/>.</summary>
    /// <param name="room">The room left out.</param>
    public EmitterOperator Except(string room) => All.Except(room);

    /// <summary>Every client of the main namespace, flagged volatile (see <see cref="EmitterOperator.Volatile"/>).</summary>
    public EmitterOperator Volatile => All.Volatile;

    /// <summary>
    /// Typed proxies for the clients of <typeparamref name="THub"/>'s namespace, as the hub's context has them:
    /// <c>emitter.For&lt;ChatHub, IChatClient&gt;().Room("lobby").MessageReceived(message)</c>.
    /// </summary>
    public EmitterHubClients<TClient> For<THub, TClient>()
        where THub : Hub<TClient>, IHubDefinition<TClient>
        where TClient : class
        => new(Of(THub.Namespace), THub.CreateClientProxy);

    /// <summary>Waits until the emits already made are sent, then closes the connection if the emitter made it.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_ownsConnection)
        {
            await _redis.CloseAsync(allowCommandsToComplete: true).ConfigureAwait(false);
            await _redis.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>As <see cref="DisposeAsync"/>, blocking.</summary>
    public void Dispose()
    {
        if (_ownsConnection)
        {
            _redis.Close(allowCommandsToComplete: true);
            _redis.Dispose();
        }
    }

    internal static void FireAndForget(Task task)
    {
        // A refused publish (Redis down) is what socket.io's emitter does too: the event is lost, nothing throws.
        if (!task.IsCompleted)
        {
            task.ContinueWith(static t => _ = t.Exception, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously);
        }
        else
        {
            _ = task.Exception;
        }
    }

    private static ConnectionMultiplexer Connect(RedisBackplaneOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        RedisBackplaneOptionsValidator.ThrowIfInvalid(options, nameof(options));
        var configuration = ConfigurationOptions.Parse(options.Configuration);
        configuration.AbortOnConnectFail = false;
        configuration.ReconnectRetryPolicy = new LinearRetry((int)options.ReconnectInterval.TotalMilliseconds);
        configuration.AsyncTimeout = (int)options.OperationTimeout.TotalMilliseconds;
        configuration.SyncTimeout = (int)options.OperationTimeout.TotalMilliseconds;
        configuration.ClientName = "typedsockets-emitter";
        return ConnectionMultiplexer.Connect(configuration);
    }

    private static string NewId()
    {
        Span<byte> id = stackalloc byte[8];
        RandomNumberGenerator.Fill(id);
        return Convert.ToHexStringLower(id);
    }
}
