using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using TypedSockets.EngineIO;
using TypedSockets.Hubs;
using TypedSockets.Hubs.Infrastructure;
using TypedSockets.SocketIO;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Maps typed hubs.</summary>
public static class HubEndpointRouteBuilderExtensions
{
    private static readonly ConditionalWeakTable<SocketIOServer, HashSet<string>> MappedPaths = [];

    /// <summary>
    /// Serves <typeparamref name="THub"/> in its namespace. Every hub shares one Engine.IO endpoint per
    /// <paramref name="path"/> (mapped by the first hub that asks for it). Needs <c>services.AddTypedSockets()</c>.
    /// </summary>
    public static SocketIOServer MapHub<THub>(this IEndpointRouteBuilder endpoints, string path = EngineOptions.DefaultPath)
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
