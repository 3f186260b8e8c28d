using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http.Timeouts;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using TypedSockets.EngineIO;
using TypedSockets.Tests.Diagnostics;
using TypedSockets.Tests.EngineIO;
using TypedSockets.WebSockets;

namespace TypedSockets.Tests.Hosting;

/// <summary>
/// Every way of mapping a TypedSockets endpoint carries the conventions that keep the application's request timeouts
/// and output caching off it (their effect on real requests: <see cref="RequestTimeoutTests"/>, <see cref="OutputCacheTests"/>).
/// </summary>
public sealed class RealtimeEndpointConventionsTests
{
    [Fact]
    public async Task MapSocketIO_MapHub_MapEngineIO_and_MapWebSocket_opt_out_of_request_timeouts_and_output_caching()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Services.AddTypedSockets();
        await using var app = builder.Build();
        app.MapSocketIO("/socket.io/");
        app.MapHubAtEngineIOPath<TelemetryHub>("/hubs/");
        app.MapEngineIO("/engine.io/", new RecordingEngineHandler());
        app.MapWebSocket("/ws", static (connection, _) => Task.CompletedTask);
        app.MapGet("/ordinary", () => "ordinary");

        var endpoints = ((IEndpointRouteBuilder)app).DataSources.SelectMany(source => source.Endpoints).OfType<RouteEndpoint>()
            .ToDictionary(endpoint => endpoint.RoutePattern.RawText!);

        foreach (var path in (string[])["/socket.io/", "/hubs/", "/engine.io/", "/ws"])
        {
            var metadata = endpoints[path].Metadata;
            Assert.NotNull(metadata.GetMetadata<DisableRequestTimeoutAttribute>());
            Assert.NotNull(metadata.GetMetadata<IOutputCachePolicy>());
        }

        // The control: an ordinary endpoint carries neither.
        Assert.Null(endpoints["/ordinary"].Metadata.GetMetadata<DisableRequestTimeoutAttribute>());
        Assert.Null(endpoints["/ordinary"].Metadata.GetMetadata<IOutputCachePolicy>());
    }
}
