using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TypedSockets.SocketIO;

namespace TypedSockets.Hubs;

/// <summary>
/// Runs a hub for the connections of one namespace: a scope and a hub per event, connect and disconnect, and the
/// error path (log line + error acknowledgement; the connection stays up). The generator derives one per hub and
/// writes the part that knows the hub's methods.
/// </summary>
public abstract class HubDispatcher<THub, TClient>
    where THub : Hub<TClient>, IHubDefinition<TClient>
    where TClient : class
{
    private readonly IServiceScopeFactory _scopes;
    private readonly ILogger _logger;
    private readonly HubOptions _options;
    private readonly Func<SocketIOEvent, ValueTask> _handleEvent;
    private readonly Func<ClientTarget, TClient> _createProxy = THub.CreateClientProxy;

    protected HubDispatcher(IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(services);
        _scopes = services.GetRequiredService<IServiceScopeFactory>();
        _logger = services.GetRequiredService<ILoggerFactory>().CreateLogger(HubLog.Category);
        _options = services.GetService<IOptions<HubOptions>>()?.Value ?? new HubOptions();
        _handleEvent = HandleEventAsync;
    }

    /// <summary>The wire names of every event the hub handles.</summary>
    protected abstract IReadOnlyList<string> EventNames { get; }

    /// <summary>
    /// False when the hub's constructor takes no services (the generator knows): then no scope is created per
    /// invocation.
    /// </summary>
    protected virtual bool NeedsServices => true;

    /// <summary>Handles the connections of <paramref name="namespace"/>.</summary>
    public void Bind(Namespace @namespace)
    {
        ArgumentNullException.ThrowIfNull(@namespace);
        @namespace.OnConnection(OnConnectionAsync);
    }

    /// <summary>A hub instance with its dependencies from <paramref name="services"/> (generated: no reflection).</summary>
    protected abstract THub CreateHub(IServiceProvider services);

    /// <summary>
    /// Reads the arguments of <paramref name="incoming"/>, calls the hub method and acknowledges with its result.
    /// Throws <see cref="HubArgumentException"/> when the arguments do not fit.
    /// </summary>
    protected abstract ValueTask InvokeAsync(THub hub, SocketIOEvent incoming);

    private async ValueTask OnConnectionAsync(Socket socket)
    {
        var names = EventNames;
        for (var i = 0; i < names.Count; i++)
        {
            socket.On(names[i], _handleEvent);
        }

        socket.OnDisconnect(reason => RunLifecycleAsync(socket, reason));
        await RunLifecycleAsync(socket, null).ConfigureAwait(false);
    }

    private async ValueTask RunLifecycleAsync(Socket socket, string? disconnectReason)
    {
        var scope = NeedsServices ? _scopes.CreateAsyncScope() : default;
        try
        {
            var hub = Create(scope, socket);
            try
            {
                await (disconnectReason is null ? hub.OnConnected() : hub.OnDisconnected(disconnectReason)).ConfigureAwait(false);
            }
            finally
            {
                await DisposeAsync(hub).ConfigureAwait(false);
            }
        }
        catch (Exception exception)
        {
            HubLog.LifecycleFailed(_logger, disconnectReason is null ? nameof(Hub<TClient>.OnConnected) : nameof(Hub<TClient>.OnDisconnected), socket.Id, socket.Namespace.Name, exception);
        }
        finally
        {
            if (NeedsServices)
            {
                await scope.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    private async ValueTask HandleEventAsync(SocketIOEvent incoming)
    {
        var scope = NeedsServices ? _scopes.CreateAsyncScope() : default;
        try
        {
            var hub = Create(scope, incoming.Socket);
            try
            {
                await InvokeAsync(hub, incoming).ConfigureAwait(false);
            }
            finally
            {
                await DisposeAsync(hub).ConfigureAwait(false);
            }
        }
        catch (HubArgumentException exception)
        {
            HubLog.InvalidArguments(_logger, incoming.Name, incoming.Socket.Id, incoming.Socket.Namespace.Name, exception.Message);
            AckError(incoming, exception.Message);
        }
        catch (OperationCanceledException) when (incoming.Socket.Disconnected.IsCancellationRequested)
        {
            // The connection ended while the method ran; nobody is left to answer.
        }
        catch (Exception exception)
        {
            HubLog.InvocationFailed(_logger, incoming.Name, incoming.Socket.Id, incoming.Socket.Namespace.Name, exception);
            AckError(incoming, exception is HubException || _options.DetailedErrors
                ? exception.Message
                : $"An error occurred while handling '{incoming.Name}'.");
        }
        finally
        {
            if (NeedsServices)
            {
                await scope.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    private THub Create(AsyncServiceScope scope, Socket socket)
    {
        // Without a scope (NeedsServices false) the generated factory ignores the provider.
        var hub = CreateHub(NeedsServices ? scope.ServiceProvider : EmptyServices.Instance);
        hub.Attach(socket, _createProxy, _options.ClientResultTimeout);
        return hub;
    }

    private sealed class EmptyServices : IServiceProvider
    {
        public static readonly EmptyServices Instance = new();

        public object? GetService(Type serviceType) => null;
    }

    private static ValueTask DisposeAsync(THub hub)
    {
        if (hub is IAsyncDisposable asyncDisposable)
        {
            return asyncDisposable.DisposeAsync();
        }

        (hub as IDisposable)?.Dispose();
        return ValueTask.CompletedTask;
    }

    private static void AckError(SocketIOEvent incoming, string message) =>
        incoming.Ack(message, static (writer, text) => HubArguments.WriteError(writer, text));
}
