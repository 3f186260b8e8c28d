namespace TypedSockets.Hubs;

/// <summary>
/// Code around every hub method call, connect and disconnect (SignalR's <c>IHubFilter</c>). Registered globally
/// (<c>AddTypedSockets().AddHubFilter&lt;TFilter&gt;()</c>) or for one hub
/// (<c>AddHubFilter&lt;THub, TFilter&gt;()</c>) as DI singletons. Order: global filters in registration order, then
/// the hub's own; the first registered is the outermost. Each member defaults to calling <c>next</c>.
/// </summary>
public interface IHubFilter
{
    /// <summary>
    /// Around one hub method: sees the hub, the method and its typed arguments (boxed; a filter may replace them),
    /// returns the result (boxed; the client's ack) or throws (the client's error ack and a log line).
    /// </summary>
    /// <param name="context">The invocation.</param>
    /// <param name="next">The next filter, and finally the hub method.</param>
    ValueTask<object?> InvokeMethodAsync(HubInvocationContext context, Func<HubInvocationContext, ValueTask<object?>> next) => next(context);

    /// <summary>Around the hub's <c>OnConnected</c>.</summary>
    /// <param name="context">The hub and its connection.</param>
    /// <param name="next">The next filter, and finally <c>OnConnected</c>.</param>
    Task OnConnectedAsync(HubLifetimeContext context, Func<HubLifetimeContext, Task> next) => next(context);

    /// <summary>Around the hub's <c>OnDisconnected</c>.</summary>
    /// <param name="context">The hub and its connection.</param>
    /// <param name="reason">socket.io's disconnect reason.</param>
    /// <param name="next">The next filter, and finally <c>OnDisconnected</c>.</param>
    Task OnDisconnectedAsync(HubLifetimeContext context, string reason, Func<HubLifetimeContext, string, Task> next) => next(context, reason);
}
