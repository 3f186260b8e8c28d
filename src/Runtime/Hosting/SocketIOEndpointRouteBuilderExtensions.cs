using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TypedSockets.EngineIO;
using TypedSockets.Hosting;
using TypedSockets.SocketIO;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Maps the Socket.IO endpoint.</summary>
public static class SocketIOEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Serves Socket.IO over Engine.IO at <paramref name="path"/> (socket.io clients default to
    /// <c>/socket.io/</c>) and returns the server, on which namespaces are declared with
    /// <see cref="SocketIOServer.Of"/>. Needs <c>services.AddTypedSockets()</c>.
    /// </summary>
    public static SocketIOServer MapSocketIO(this IEndpointRouteBuilder endpoints, string path = EngineOptions.DefaultPath) =>
        MapSocketIO(endpoints, path, out _);

    /// <summary>As <see cref="MapSocketIO(IEndpointRouteBuilder, string)"/>; <paramref name="endpoint"/> takes endpoint conventions (CORS, authorization).</summary>
    public static SocketIOServer MapSocketIO(this IEndpointRouteBuilder endpoints, string path, out IEndpointConventionBuilder endpoint)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentException.ThrowIfNullOrEmpty(path);
        var services = endpoints.ServiceProvider;
        var server = services.GetService<SocketIOServer>()
            ?? throw new InvalidOperationException("Call builder.Services.AddTypedSockets() before MapSocketIO.");
        var options = services.GetRequiredService<IOptions<TypedSocketsOptions>>().Value;
        var engine = new EngineServer(
            options.EngineIO,
            options.WebSockets,
            server,
            services.GetRequiredService<ILoggerFactory>(),
            services.GetRequiredService<TimeProvider>())
        {
            Metrics = server.Metrics,
        };
        services.GetService<IHostApplicationLifetime>()?.ApplicationStopping.Register(() => _ = engine.ShutdownAsync());
        services.GetService<FastPathRoutes>()?.Add(path, engine);
        endpoint = endpoints.Map(path, (RequestDelegate)engine.HandleRequestAsync).WithRealtimeConventions();
        return server;
    }
}
