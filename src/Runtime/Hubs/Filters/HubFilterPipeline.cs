using System.ComponentModel;
using TypedSockets.SocketIO;

namespace TypedSockets.Hubs.Infrastructure;

/// <summary>
/// A hub's filters in order (global ones first, then the hub's own; the first is the outermost), and the calls
/// through them. Only built when at least one filter is registered. For generated code only.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class HubFilterPipeline
{
    private readonly IHubFilter[] _filters;

    internal HubFilterPipeline(IHubFilter[] filters)
    {
        _filters = filters;
    }

    /// <summary>Runs <paramref name="method"/> inside the filters and acknowledges <paramref name="incoming"/> with the result.</summary>
    /// <param name="context">The invocation.</param>
    /// <param name="method">The hub method on the context's (boxed) arguments.</param>
    /// <param name="incoming">The event to acknowledge.</param>
    /// <param name="writeResult">Writes the result as the ack's argument; null for a method without one.</param>
    public async ValueTask InvokeAsync(HubInvocationContext context, Func<HubInvocationContext, ValueTask<object?>> method, SocketIOEvent incoming, WriteArguments<object?>? writeResult)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(method);
        var result = await Invoke(0, context, method).ConfigureAwait(false);
        if (writeResult is null)
        {
            incoming.Ack();
        }
        else
        {
            incoming.Ack(result, writeResult);
        }
    }

    internal Task OnConnectedAsync(HubLifetimeContext context, Func<HubLifetimeContext, Task> onConnected) =>
        Connected(0, context, onConnected);

    internal Task OnDisconnectedAsync(HubLifetimeContext context, string reason, Func<HubLifetimeContext, string, Task> onDisconnected) =>
        Disconnected(0, context, reason, onDisconnected);

    private ValueTask<object?> Invoke(int index, HubInvocationContext context, Func<HubInvocationContext, ValueTask<object?>> method) =>
        index == _filters.Length ? method(context) : _filters[index].InvokeMethodAsync(context, next => Invoke(index + 1, next, method));

    private Task Connected(int index, HubLifetimeContext context, Func<HubLifetimeContext, Task> onConnected) =>
        index == _filters.Length ? onConnected(context) : _filters[index].OnConnectedAsync(context, next => Connected(index + 1, next, onConnected));

    private Task Disconnected(int index, HubLifetimeContext context, string reason, Func<HubLifetimeContext, string, Task> onDisconnected) =>
        index == _filters.Length
            ? onDisconnected(context, reason)
            : _filters[index].OnDisconnectedAsync(context, reason, (next, why) => Disconnected(index + 1, next, why, onDisconnected));
}
