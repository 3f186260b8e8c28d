using System.ComponentModel;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using TypedSockets.Diagnostics;
using TypedSockets.SocketIO;
using TypedSockets.SocketIO.Protocol;
using TypedSockets.Threading;

namespace TypedSockets.Hubs.Infrastructure;

/// <summary>
/// Runs a hub for the connections of one namespace, and the error path (log line + error acknowledgement; the
/// connection stays up). Each socket gets one event sink; the generated part matches an event's name once, on its
/// UTF-8 bytes (<see cref="FindEvent"/>), and calls the method (<see cref="InvokeAsync"/>). A hub with state (instance
/// fields, constructor parameters, disposal) gets a scope and a new instance per event, connect and disconnect; a
/// stateless one (the generator knows) gets one instance per connection. For generated code only.
/// </summary>
/// <typeparam name="THub">The hub.</typeparam>
/// <typeparam name="TClient">The hub's server-to-client interface.</typeparam>
[EditorBrowsable(EditorBrowsableState.Never)]
public abstract class HubDispatcher<THub, TClient>
    where THub : Hub<TClient>, IHubDefinition<TClient>
    where TClient : class
{
    private readonly IServiceProvider _services;
    private readonly IServiceScopeFactory _scopes;
    private readonly ILogger _logger;
    private readonly HubOptions _options;
    private readonly LogThrottle _clientFailures;
    private readonly Func<ClientTarget, TClient> _createProxy = THub.CreateClientProxy;
    private readonly UnknownEventReporter _unknownEvents;

    /// <summary>A dispatcher taking its logger, options and scopes from <paramref name="services"/>.</summary>
    /// <param name="services">The application's services.</param>
    protected HubDispatcher(IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(services);
        _services = services;
        _scopes = services.GetRequiredService<IServiceScopeFactory>();
        _logger = services.GetRequiredService<ILoggerFactory>().CreateLogger(HubLog.Category);
        _options = services.GetService<HubOptions>() ?? new HubOptions();
        _clientFailures = new LogThrottle(services.GetService<TimeProvider>() ?? TimeProvider.System);
        _unknownEvents = new UnknownEventReporter(_logger, _options, services.GetService<TimeProvider>() ?? TimeProvider.System);
    }

    /// <summary>
    /// False when the hub's constructor takes no services (the generator knows): then no scope is created per
    /// invocation.
    /// </summary>
    protected virtual bool NeedsServices => true;

    /// <summary>
    /// True when the hub holds no state of its own: no instance fields (its base classes' included), no constructor
    /// parameters, not disposable (the generator knows). Then one instance serves a connection's connect, events and
    /// disconnect, one at a time, and nothing is allocated per event for the hub, its context or its clients.
    /// </summary>
    protected virtual bool IsStateless => false;

    /// <summary>
    /// The hub's <c>[Authorize]</c>, <c>[AllowAnonymous]</c> and <c>[EventRateLimit]</c> metadata, read by the generator;
    /// null when the hub and its methods have none.
    /// </summary>
    protected virtual HubSecurityMetadata? Security => null;

    // Set once by Bind: the connect step and the events' guards, or null when the hub has nothing to check.
    private HubSecurity? _security;

    // Set once by Bind: the hub's filters, or null when none is registered (then nothing is boxed or allocated).
    private HubFilterPipeline? _filters;

    /// <summary>Handles the connections of <paramref name="namespace"/>.</summary>
    /// <param name="namespace">The hub's namespace.</param>
    public void Bind(Namespace @namespace)
    {
        ArgumentNullException.ThrowIfNull(@namespace);
        var authenticator = _services.GetService<IHubConnectionAuthenticator<THub>>();
        _security = HubSecurity.Create(_services, Security, authenticator is null ? null : authenticator.AuthenticateAsync, _options.Security, _logger);
        if (_security is not null)
        {
            // First in the namespace's middleware: the user and the hub's policy are settled before anything else runs.
            @namespace.Use(_security.ConnectAsync);
        }

        var filters = HubFilterRegistration.For(typeof(THub), _services.GetServices<HubFilterRegistration>(), _services);
        _filters = filters.Length == 0 ? null : new HubFilterPipeline(filters);
        @namespace.OnConnection(OnConnectionAsync);
    }

    /// <summary>A hub instance with its dependencies from <paramref name="services"/> (generated: no reflection).</summary>
    /// <param name="services">The scope's services, or an empty provider when the hub needs none.</param>
    protected abstract THub CreateHub(IServiceProvider services);

    /// <summary>The number the generated code gives the hub method of event <paramref name="nameUtf8"/>; -1 for an event the hub does not know.</summary>
    /// <param name="nameUtf8">The event name as UTF-8.</param>
    protected abstract int FindEvent(ReadOnlySpan<byte> nameUtf8);

    /// <summary>
    /// Reads the arguments of <paramref name="incoming"/>, calls hub method <paramref name="eventId"/> (from
    /// <see cref="FindEvent"/>) and acknowledges with its result. Throws (or faults with)
    /// <see cref="HubArgumentException"/> when the arguments do not fit. Completes synchronously when the method did.
    /// </summary>
    /// <param name="hub">The hub instance.</param>
    /// <param name="eventId">The method's number.</param>
    /// <param name="incoming">The event.</param>
    protected abstract ValueTask InvokeAsync(THub hub, int eventId, in SocketIOEvent incoming);

    /// <summary>
    /// As <see cref="InvokeAsync"/>, through <paramref name="filters"/>: the arguments boxed into a
    /// <see cref="HubInvocationContext"/>, the method called from them, the ack written from the boxed result.
    /// </summary>
    /// <param name="hub">The hub instance.</param>
    /// <param name="eventId">The method's number.</param>
    /// <param name="incoming">The event.</param>
    /// <param name="filters">The hub's filters.</param>
    protected virtual ValueTask InvokeFilteredAsync(THub hub, int eventId, in SocketIOEvent incoming, HubFilterPipeline filters) =>
        InvokeAsync(hub, eventId, incoming);

    private ValueTask Invoke(THub hub, int eventId, in SocketIOEvent incoming) =>
        _filters is { } filters ? InvokeFilteredAsync(hub, eventId, incoming, filters) : InvokeAsync(hub, eventId, incoming);

    private ValueTask OnConnectionAsync(Socket socket)
    {
        var connection = new Connection(this, socket, IsStateless ? Create(default, socket) : null);
        socket.SetEventSink(connection);

        // A recovered connection is the same logical connection: its OnConnected already ran (and its OnDisconnected
        // waited for the session to expire rather than run at the drop), unless the options ask for both every time.
        return socket.Recovered && !_options.LifecycleOnRecovery ? ValueTask.CompletedTask : RunLifecycleAsync(connection, null);
    }

    private async ValueTask RunLifecycleAsync(Connection connection, string? disconnectReason)
    {
        var socket = connection.Socket;
        var scope = connection.Hub is null && NeedsServices ? _scopes.CreateAsyncScope() : default;
        try
        {
            var hub = connection.Hub ?? Create(scope, socket);
            try
            {
                await RunLifecycleAsync(hub, disconnectReason).ConfigureAwait(false);
            }
            finally
            {
                if (connection.Hub is null)
                {
                    await DisposeAsync(hub).ConfigureAwait(false);
                }
            }
        }
        catch (Exception exception)
        {
            HubLog.LifecycleFailed(_logger, disconnectReason is null ? nameof(Hub<TClient>.OnConnected) : nameof(Hub<TClient>.OnDisconnected), socket.Id, socket.Namespace.Name, exception);
        }
        finally
        {
            if (connection.Hub is null && NeedsServices)
            {
                await scope.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    /// <summary><c>OnConnected</c> (no reason) or <c>OnDisconnected</c>, through the filters when there are any.</summary>
    private Task RunLifecycleAsync(THub hub, string? disconnectReason)
    {
        if (_filters is not { } filters)
        {
            return disconnectReason is null ? hub.OnConnected() : hub.OnDisconnected(disconnectReason);
        }

        var context = new HubLifetimeContext(hub, hub.Context);
        return disconnectReason is null
            ? filters.OnConnectedAsync(context, static c => ((THub)c.Hub).OnConnected())
            : filters.OnDisconnectedAsync(context, disconnectReason, static (c, reason) => ((THub)c.Hub).OnDisconnected(reason));
    }

    /// <summary>An event that has a guard: its rate limits (synchronous), then its authorization, then the method.</summary>
    private ValueTask HandleGuardedEvent(Connection connection, HubSecurity security, EventGuard guard, int eventId, in SocketIOEvent incoming)
    {
        if ((guard.RateLimit is not null || guard.HubRateLimited)
            && !(connection.RateLimits ??= new SocketRateLimits(security.Guards!.Length)).TryAcquire(guard, eventId, security.HubRateLimit))
        {
            OnRateLimited(connection, security, incoming);
            return ValueTask.CompletedTask;
        }

        return guard.Authorization is null
            ? HandleEvent(connection, eventId, incoming)
            : AuthorizeThenHandleAsync(connection, security, guard.Authorization, eventId, incoming);
    }

    private ValueTask HandleEvent(Connection connection, int eventId, in SocketIOEvent incoming) =>
        connection.Hub is { } hub ? HandleEvent(hub, eventId, in incoming) : HandleEventWithNewHubAsync(eventId, incoming);

    private async ValueTask AuthorizeThenHandleAsync(Connection connection, HubSecurity security, AuthorizationRequirementSet requirements, int eventId, SocketIOEvent incoming)
    {
        bool allowed;
        try
        {
            allowed = await security.AuthorizeAsync(incoming.Socket, requirements).ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            Fail(incoming, exception);
            return;
        }

        if (!allowed)
        {
            HubSecurityLog.EventForbidden(_logger, incoming.Name, incoming.Socket.Id, incoming.Socket.Namespace.Name);
            AckError(incoming, HubSecurity.Forbidden);
            return;
        }

        await HandleEvent(connection, eventId, incoming).ConfigureAwait(false);
    }

    private void OnRateLimited(Connection connection, HubSecurity security, in SocketIOEvent incoming)
    {
        var socket = incoming.Socket;
        var action = security.Options.RateLimitExceeded;
        HubSecurityLog.EventRateLimited(_logger, incoming.Name, socket.Id, socket.Namespace.Name, action);
        var limit = security.Options.DisconnectAfterRateLimitExcess;
        if (action == RateLimitAction.Disconnect || (limit > 0 && connection.RateLimits!.ConsecutiveExcess >= limit))
        {
            HubSecurityLog.RateLimitDisconnect(_logger, socket.Id, socket.Namespace.Name, connection.RateLimits!.ConsecutiveExcess);
            socket.Disconnect();
        }
        else if (action == RateLimitAction.ErrorAck)
        {
            AckError(incoming, HubSecurity.RateLimited);
        }
    }

    /// <summary>One event on a connection's own hub: no state machine, no allocation when the method completes at once.</summary>
    private ValueTask HandleEvent(THub hub, int eventId, in SocketIOEvent incoming)
    {
        ValueTask pending;
        try
        {
            pending = Invoke(hub, eventId, incoming);
        }
        catch (Exception exception)
        {
            Fail(incoming, exception);
            return ValueTask.CompletedTask;
        }

        if (!pending.IsCompletedSuccessfully)
        {
            return AwaitInvocationAsync(pending, incoming);
        }

        pending.GetAwaiter().GetResult();
        return ValueTask.CompletedTask;
    }

    private async ValueTask AwaitInvocationAsync(ValueTask pending, SocketIOEvent incoming)
    {
        try
        {
            await pending.ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            Fail(incoming, exception);
        }
    }

    /// <summary>One event on a hub of its own, in a scope of its own when the hub takes services.</summary>
    private async ValueTask HandleEventWithNewHubAsync(int eventId, SocketIOEvent incoming)
    {
        var scope = NeedsServices ? _scopes.CreateAsyncScope() : default;
        try
        {
            var hub = Create(scope, incoming.Socket);
            try
            {
                await Invoke(hub, eventId, incoming).ConfigureAwait(false);
            }
            finally
            {
                await DisposeAsync(hub).ConfigureAwait(false);
            }
        }
        catch (Exception exception)
        {
            Fail(incoming, exception);
        }
        finally
        {
            if (NeedsServices)
            {
                await scope.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    /// <summary>The error path of an event: a log line and, when the client asked for one, an error acknowledgement.</summary>
    private void Fail(in SocketIOEvent incoming, Exception exception)
    {
        var socket = incoming.Socket;
        if (exception is not OperationCanceledException || !socket.Disconnected.IsCancellationRequested)
        {
            socket.Namespace.Server.Metrics.Failure(exception is HubArgumentException ? TypedSocketsMetrics.Errors.ArgumentError : TypedSocketsMetrics.Errors.HandlerException, socket.Namespace.Name, exception);
        }

        if (exception is HubArgumentException)
        {
            // What the parser said (positions, .NET types) goes to the log; the client sees it only with detailed errors.
            var detailed = exception.InnerException is { } inner ? exception.Message + ": " + inner.Message : exception.Message;
            if (_clientFailures.TryWrite(out var dropped))
            {
                HubLog.InvalidArguments(_logger, incoming.Name, socket.Id, socket.Namespace.Name, detailed, dropped);
            }

            AckError(incoming, _options.DetailedErrors ? detailed : exception.Message);
        }
        else if (exception is HubResultException)
        {
            var detail = exception.InnerException?.Message ?? exception.Message;
            if (_clientFailures.TryWrite(out var dropped))
            {
                HubLog.ResultNotWritable(_logger, incoming.Name, socket.Id, socket.Namespace.Name, detail, dropped);
            }

            AckError(incoming, _options.DetailedErrors ? exception.Message + ": " + detail : $"An error occurred while handling '{incoming.Name}'.");
        }
        else if (exception is RoomLimitExceededException roomLimit)
        {
            // The client asked for one room too many: its doing, so a warning without a stack, and it learns why.
            if (_clientFailures.TryWrite(out var dropped))
            {
                HubLog.RoomLimitReached(_logger, incoming.Name, socket.Id, socket.Namespace.Name, roomLimit.Room, roomLimit.Limit, dropped);
            }

            AckError(incoming, exception.Message);
        }
        else if (exception is OperationCanceledException && socket.Disconnected.IsCancellationRequested)
        {
            // The connection ended while the method ran; nobody is left to answer.
        }
        else
        {
            HubLog.InvocationFailed(_logger, incoming.Name, socket.Id, socket.Namespace.Name, exception);
            AckError(incoming, exception is HubException || _options.DetailedErrors
                ? exception.Message
                : $"An error occurred while handling '{incoming.Name}'.");
        }
    }

    private THub Create(AsyncServiceScope scope, Socket socket)
    {
        // Without a scope (NeedsServices false) the generated factory ignores the provider.
        var hub = CreateHub(NeedsServices ? scope.ServiceProvider : EmptyServices.Instance);
        hub.Attach(socket, _createProxy, _options.ClientResultTimeout);
        return hub;
    }

    /// <summary>The hub's event whose name differs from <paramref name="name"/> only in the case of its first letter.</summary>
    private string? CaseVariant(string name)
    {
        if (name.Length == 0 || !char.IsLetter(name[0]))
        {
            return null;
        }

        var variant = (char.IsUpper(name[0]) ? char.ToLowerInvariant(name[0]) : char.ToUpperInvariant(name[0])) + name[1..];
        return FindEvent(System.Text.Encoding.UTF8.GetBytes(variant)) >= 0 ? variant : null;
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

    private static void AckError(in SocketIOEvent incoming, string message) =>
        incoming.Ack(message, static (writer, text) => ErrorAcknowledgement.Write(writer, text));

    private sealed class EmptyServices : IServiceProvider
    {
        public static readonly EmptyServices Instance = new();

        public object? GetService(Type serviceType) => null;
    }

    /// <summary>A connection's event sink and disconnect handler in one object (allocated once per connection), with its hub when the hub is stateless.</summary>
    private sealed class Connection : ISocketEventSink
    {
        private readonly HubDispatcher<THub, TClient> _dispatcher;

        public Connection(HubDispatcher<THub, TClient> dispatcher, Socket socket, THub? hub)
        {
            _dispatcher = dispatcher;
            Socket = socket;
            Hub = hub;
        }

        public Socket Socket { get; }

        /// <summary>The connection's one hub, or null when every invocation gets a new one.</summary>
        public THub? Hub { get; }

        /// <summary>The socket's rate-limit budgets, created at its first limited event.</summary>
        public SocketRateLimits? RateLimits { get; set; }

        public bool TryDispatch(in SocketIOEvent incoming, out ValueTask pending)
        {
            var eventId = _dispatcher.FindEvent(incoming.NameUtf8.Span);
            if (eventId < 0)
            {
                // Not the hub's: the socket's handlers by name and OnAny see it, as they would without a hub. Nobody
                // listening is most often a misspelt name, which would otherwise leave the caller waiting in silence.
                pending = default;
                if (Socket.HasListener(incoming.Name))
                {
                    return false;
                }

                _dispatcher._unknownEvents.Report(incoming, _dispatcher.CaseVariant(incoming.Name));
                return true;
            }

            if (_dispatcher._security is { Guards: { } guards } security && guards[eventId] is { } guard)
            {
                pending = _dispatcher.HandleGuardedEvent(this, security, guard, eventId, in incoming);
                return true;
            }

            pending = Hub is { } hub ? _dispatcher.HandleEvent(hub, eventId, in incoming) : _dispatcher.HandleEventWithNewHubAsync(eventId, incoming);
            return true;
        }

        public ValueTask OnDisconnectedAsync(string reason)
        {
            RateLimits?.Dispose();
            if (Socket.KeptSession is { } kept && !_dispatcher._options.LifecycleOnRecovery)
            {
                // The client may take the connection back: OnDisconnected runs only if the session expires unused.
                kept.OnExpired(() => _dispatcher.RunLifecycleAsync(this, reason));
                return ValueTask.CompletedTask;
            }

            return _dispatcher.RunLifecycleAsync(this, reason);
        }
    }
}
