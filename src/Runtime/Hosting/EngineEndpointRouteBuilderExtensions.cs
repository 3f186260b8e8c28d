using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using TypedSockets.Hosting;

namespace TypedSockets.EngineIO;

/// <summary>Hosting of an Engine.IO-only endpoint (no Socket.IO layer), for example a protocol check server.</summary>
public static class EngineEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Serves Engine.IO v4 at <paramref name="path"/> (socket.io clients default to
    /// <see cref="EngineOptions.DefaultPath"/>) with one <see cref="EngineServer"/> whose sessions go to
    /// <paramref name="acceptor"/>. The logger factory and <see cref="TimeProvider"/> come from the services
    /// when registered; the sessions close when the application stops.
    /// </summary>
    public static IEndpointConventionBuilder MapEngineIO(
        this IEndpointRouteBuilder endpoints,
        string path,
        IEngineSessionAcceptor acceptor,
        Action<EngineOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(acceptor);
        var options = new EngineOptions();
        configure?.Invoke(options);
        var services = endpoints.ServiceProvider;
        var server = new EngineServer(
            options,
            acceptor,
            services.GetService<ILoggerFactory>() ?? NullLoggerFactory.Instance,
            services.GetService<TimeProvider>() ?? TimeProvider.System)
        {
            Metrics = TypedSocketsTelemetry.For(services),
        };
        services.GetService<IHostApplicationLifetime>()?.ApplicationStopping.Register(() => _ = server.ShutdownAsync());
        services.GetService<FastPathRoutes>()?.Add(path, server);
        return endpoints.Map(path, (RequestDelegate)server.HandleRequestAsync).WithRealtimeConventions();
    }
}
