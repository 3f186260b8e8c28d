using System.ComponentModel;
using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using TypedSockets.EngineIO;
using TypedSockets.Hubs;
using TypedSockets.Hubs.Infrastructure;
using TypedSockets.SocketIO;

namespace Microsoft.AspNetCore.Builder;

/// <summary>
/// Maps typed hubs. A hub's Socket.IO namespace comes from its <c>[Hub("/chat")]</c>; the URL path is the Engine.IO
/// endpoint that every hub shares (<c>/socket.io/</c>, where socket.io clients look). SignalR's
/// <c>MapHub&lt;T&gt;("/chat")</c> would read as the namespace, so no overload takes a bare path: moving the endpoint
/// is <see cref="MapHubAtEngineIOPath{THub}"/>, a name that cannot be misread.
/// </summary>
public static class HubEndpointRouteBuilderExtensions
{
    private static readonly ConditionalWeakTable<SocketIOServer, HashSet<string>> MappedPaths = [];

    /// <summary>
    /// Serves <typeparamref name="THub"/> in the namespace of its <c>[Hub]</c> attribute, on the shared Engine.IO
    /// endpoint <c>/socket.io/</c> (mapped by the first hub). Needs <c>services.AddTypedSockets()</c>.
    /// </summary>
    public static SocketIOServer MapHub<THub>(this IEndpointRouteBuilder endpoints)
        where THub : IHubDefinition
        => Map<THub>(endpoints, EngineOptions.DefaultPath);

    /// <summary>
    /// Not a namespace: refused at compile time, because a SignalR user reads <c>MapHub&lt;T&gt;("/chat")</c> as the
    /// hub's address while it would move the Engine.IO endpoint and leave clients with <c>xhr poll error</c>.
    /// </summary>
    [Obsolete("A hub's Socket.IO namespace is set by [Hub(\"/chat\")], not by MapHub; clients connect to http://host/chat through the Engine.IO endpoint /socket.io/. Call MapHub<THub>(). To move the Engine.IO endpoint itself (clients then need the same `path` option), call MapHubAtEngineIOPath<THub>(path).", error: true)]
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static SocketIOServer MapHub<THub>(this IEndpointRouteBuilder endpoints, string path)
        where THub : IHubDefinition
        => throw new NotSupportedException("Use MapHub<THub>() or MapHubAtEngineIOPath<THub>(path).");

    /// <summary>
    /// Serves <typeparamref name="THub"/> in the namespace of its <c>[Hub]</c> attribute on the Engine.IO endpoint
    /// <paramref name="engineIOPath"/> instead of <c>/socket.io/</c> (socket.io clients then pass the same
    /// <c>path</c> option). Every hub on one path shares its endpoint, mapped by the first.
    /// </summary>
    public static SocketIOServer MapHubAtEngineIOPath<THub>(this IEndpointRouteBuilder endpoints, string engineIOPath)
        where THub : IHubDefinition
    {
        ArgumentException.ThrowIfNullOrEmpty(engineIOPath);
        return Map<THub>(endpoints, engineIOPath);
    }

    private static SocketIOServer Map<THub>(IEndpointRouteBuilder endpoints, string path)
        where THub : IHubDefinition
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var server = endpoints.ServiceProvider.GetService<SocketIOServer>()
            ?? throw new InvalidOperationException("Call builder.Services.AddTypedSockets() before MapHub.");
        var paths = MappedPaths.GetOrCreateValue(server);
        bool first;
        lock (paths)
        {
            first = paths.Add(path);
        }

        if (first)
        {
            endpoints.MapSocketIO(path);
        }

        THub.Bind(server.Of(THub.Namespace), endpoints.ServiceProvider);
        return server;
    }
}
